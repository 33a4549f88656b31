// Types for security.mjs, so the TypeScript test can import it.
export interface SecurityFinding {
  check: string;
  file: string;
  line: number;
  message: string;
}
export declare function runSecurityScan(options?: { extraFiles?: Record<string, string> }): {
  findings: SecurityFinding[];
  justified: (SecurityFinding & { reason: string })[];
  unexplained: SecurityFinding[];
};
