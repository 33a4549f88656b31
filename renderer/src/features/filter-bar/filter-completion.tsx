// The list of filter completions under a filter input (an ARIA listbox of options), drawn on the
// page's top layer so no panel clips it; a click accepts an option without taking the input's focus.
import { createPortal } from 'react-dom';
import type { FilterCompletion } from './use-filter-completion.js';
import './filter-completion.css';

/** The listbox of `completion`, placed under its input; hidden while there is nothing to offer. */
export function FilterCompletionList({ completion }: { completion: FilterCompletion }) {
  const { items, active, listId, anchor } = completion;
  const box = items.length > 0 ? anchor : null;
  return createPortal(
    <ul
      id={listId}
      role="listbox"
      aria-label="Filter completions"
      className="filter-completion"
      hidden={!box}
      style={box ? { left: box.left, top: box.bottom + 2, minWidth: Math.min(box.width, 320) } : undefined}
      data-testid="filter-completion"
    >
      {items.map((item, i) => (
        <li
          key={`${item.insert}\u0000${item.detail}`}
          id={completion.optionId(i)}
          role="option"
          aria-selected={i === active}
          className={i === active ? 'active' : undefined}
          // Keep the focus (and the caret) in the input.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => completion.accept(i)}
        >
          <code>{item.label}</code>
          <span className="filter-completion-detail">{item.detail}</span>
        </li>
      ))}
    </ul>,
    document.body,
  );
}
