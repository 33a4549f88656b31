/**
 * The filter text's autocompletion for one input (the filter bar, the rule editor's filter fields):
 * finds the token at the caret with the filter leaf's pure completion, fetches what it needs (tag
 * keys or a key's values through `objects.tagSuggestions`, the sources already loaded), and handles
 * the keys of an ARIA combobox. Typing opens the list; ArrowDown or Ctrl+Space opens it on demand.
 */
import { useEffect, useId, useLayoutEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import {
  applyCompletion,
  completeFilterText,
  completionWants,
  filterTokenAt,
  type Completion,
  type CompletionData,
} from '../../../../electron/filter/complete.js';
import { useApp } from '../../app/app-context.js';
import { useSources } from '../../app/use-sources.js';

/** How long typing must pause before suggestions are asked for. */
const FETCH_DELAY_MS = 80;
const SUGGESTION_LIMIT = 20;

/** The completion state of one input, for its list and its ARIA attributes. */
export interface FilterCompletion {
  listId: string;
  optionId(index: number): string;
  /** The completions shown, empty when the list is closed. */
  items: Completion[];
  /** The highlighted completion, -1 for none (Enter then applies the filter as usual). */
  active: number;
  /** Where the input was when the list opened (viewport coordinates), for placing the list. */
  anchor: Anchor | null;
  accept(index: number): void;
  /** Spread on the input: the ARIA combobox attributes, and typing, clicks and blur opening or closing the list. */
  inputProps: {
    role: 'combobox';
    'aria-autocomplete': 'list';
    'aria-expanded': boolean;
    'aria-controls': string;
    'aria-activedescendant'?: string;
    onInput(e: FormEvent<HTMLInputElement>): void;
    onMouseDown(): void;
    onBlur(): void;
  };
}

/** The input's place on screen. */
export interface Anchor {
  left: number;
  bottom: number;
  width: number;
}

/** Where the list was opened: the text and caret it was computed for, and the input's place. */
interface Opened {
  text: string;
  caret: number;
  anchor: Anchor;
}

/** Keys and values fetched for one want (`sig`), whatever prefix was typed since. */
interface Fetched {
  sig: string;
  data: CompletionData;
}

/** The list opened at `el`'s caret (or at `caret` in `text`, after a completion). */
function openAt(el: HTMLInputElement, text = el.value, caret = el.selectionStart ?? text.length): Opened {
  const { left, bottom, width } = el.getBoundingClientRect();
  return { text, caret, anchor: { left, bottom, width } };
}

/** Opens when typing produced something worth completing: a word, a `-`, or a value or list position. */
function openedByTyping(el: HTMLInputElement): Opened | null {
  const opened = openAt(el);
  const token = filterTokenAt(opened.text, opened.caret);
  return token && (token.prefix !== '' || token.at !== 'term' || token.negated) ? opened : null;
}

/** Fetches the tag keys or values `sig` asks for, after a pause; the latest answer wins. */
function useSuggestions(sig: string, prefix: string): Fetched | null {
  const { client } = useApp();
  const [fetched, setFetched] = useState<Fetched | null>(null);
  useEffect(() => {
    const wants = JSON.parse(sig) as ReturnType<typeof completionWants>;
    if (!wants || 'sources' in wants) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      const params = { prefix, limit: SUGGESTION_LIMIT, ...('valuesOf' in wants ? { key: wants.valuesOf } : {}) };
      client
        .call('objects.tagSuggestions', params)
        .then((answer) => !cancelled && setFetched({ sig, data: answer }))
        // Suggestions are a convenience: without them the list just offers the keywords.
        .catch(() => undefined);
    }, FETCH_DELAY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [client, sig, prefix]);
  return fetched;
}

/**
 * The autocompletion of the filter text `value` in `inputRef`'s input; `onChange` receives the text
 * with a completion accepted. Keys go to the list only while it is open; otherwise the input's own
 * handlers (Enter applies, Escape reverts) run as before.
 */
export function useFilterCompletion(
  inputRef: RefObject<HTMLInputElement | null>,
  value: string,
  onChange: (text: string) => void,
): FilterCompletion {
  const listId = useId();
  const { sources } = useSources();
  const [opened, setOpened] = useState<Opened | null>(null);
  const [active, setActive] = useState(-1);
  const caretAfter = useRef<{ text: string; caret: number } | null>(null);

  const current = opened && opened.text === value ? opened : null;
  const token = current ? filterTokenAt(value, current.caret) : undefined;
  const wants = token ? completionWants(token) : null;
  const fetched = useSuggestions(JSON.stringify(wants), token?.prefix ?? '');
  const data: CompletionData = {
    ...(fetched && fetched.sig === JSON.stringify(wants) ? fetched.data : {}),
    sources: sources.map((s) => ({ id: s.id, name: s.name })),
  };
  const result = current ? completeFilterText(value, current.caret, data) : undefined;
  const items = result?.items ?? [];
  const shownActive = active < items.length ? active : -1;

  const accept = (index: number) => {
    const item = items[index];
    if (!result || !item) return;
    const done = applyCompletion(value, result.token, item);
    caretAfter.current = done;
    onChange(done.text);
    setActive(-1);
    // A keyword or key just completed goes on to its values; a finished value closes the list.
    const el = inputRef.current;
    setOpened(el && /[:=]$/.test(item.insert) ? openAt(el, done.text, done.caret) : null);
  };

  // The handlers read the latest render's state; they are attached once per input.
  const latest = useRef({ items, active: shownActive, accept });
  useLayoutEffect(() => {
    latest.current = { items, active: shownActive, accept };
  });

  useLayoutEffect(() => {
    const el = inputRef.current;
    const want = caretAfter.current;
    if (el && want && el.value === want.text) {
      el.setSelectionRange(want.caret, want.caret);
      caretAfter.current = null;
    }
  });

  useEffect(() => {
    if (shownActive >= 0) document.getElementById(`${listId}-${shownActive}`)?.scrollIntoView({ block: 'nearest' });
  }, [listId, shownActive]);

  useEffect(() => {
    const el = inputRef.current;
    if (!el) return;
    const close = () => setOpened(null);
    // Native listeners on the input run before React's, so a key the open list takes (stopped here)
    // never reaches the input's own onKeyDown or submits its form.
    const onKeyDown = (e: KeyboardEvent) => {
      const { items: shown, active: at, accept: take } = latest.current;
      if (shown.length === 0) {
        if (e.key === 'ArrowDown' || (e.key === ' ' && e.ctrlKey)) {
          e.preventDefault();
          setActive(-1);
          setOpened(openAt(el));
        }
        return;
      }
      if (e.key === 'ArrowDown') setActive((at + 1) % shown.length);
      else if (e.key === 'ArrowUp') setActive(at <= 0 ? shown.length - 1 : at - 1);
      else if (e.key === 'Enter' && at >= 0) take(at);
      else if (e.key === 'Tab' && !e.shiftKey) take(Math.max(0, at));
      else if (e.key === 'Escape') close();
      else {
        // Enter with nothing highlighted applies the filter; moving the caret closes the list.
        if (['Enter', 'ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(e.key)) close();
        return;
      }
      e.preventDefault();
      e.stopPropagation();
    };
    // Scrolling a panel moves the input away from the list (the list's own scrolling is fine).
    const onScroll = (e: Event) => {
      if (!(e.target instanceof Node && document.getElementById(listId)?.contains(e.target))) close();
    };
    el.addEventListener('keydown', onKeyDown);
    window.addEventListener('scroll', onScroll, true);
    return () => {
      el.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('scroll', onScroll, true);
    };
  }, [inputRef, listId]);

  const isOpen = items.length > 0;
  return {
    listId,
    optionId: (index) => `${listId}-${index}`,
    items,
    active: shownActive,
    anchor: current?.anchor ?? null,
    accept,
    inputProps: {
      role: 'combobox',
      'aria-autocomplete': 'list',
      'aria-expanded': isOpen,
      'aria-controls': listId,
      ...(isOpen && shownActive >= 0 ? { 'aria-activedescendant': `${listId}-${shownActive}` } : {}),
      // Through React, so the list opens in the same update as the input's own onChange (a native
      // listener's update would re-render the controlled input before its new text is stored).
      onInput: (e) => {
        setActive(-1);
        setOpened(openedByTyping(e.currentTarget));
      },
      onMouseDown: () => setOpened(null),
      onBlur: () => setOpened(null),
    },
  };
}
