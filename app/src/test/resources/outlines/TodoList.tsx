import React, { useCallback, useState } from "react";

/** One item of the list. */
export interface Todo {
  id: number;
  title: string;
  done: boolean;
}

type Props = {
  initial?: Todo[];
  onChange?: (todos: Todo[]) => void;
};

/**
 * A checklist whose items can be added and ticked.
 */
export function TodoList({ initial = [], onChange }: Props): JSX.Element {
  const [todos, setTodos] = useState<Todo[]>(initial);
  const toggle = useCallback(
    (id: number) => {
      const next = todos.map((t) => (t.id === id ? { ...t, done: !t.done } : t));
      setTodos(next);
      onChange?.(next);
    },
    [todos, onChange],
  );
  return (
    <ul className="todos">
      {todos.map((t) => (
        <li key={t.id} onClick={() => toggle(t.id)}>
          <input type="checkbox" checked={t.done} readOnly /> {t.title}
        </li>
      ))}
    </ul>
  );
}

/** Shows how many items are left. */
export const Remaining: React.FC<{ todos: Todo[] }> = ({ todos }) => (
  <span>{todos.filter((t) => !t.done).length} left</span>
);

export default class ErrorBoundary extends React.Component<{ children: React.ReactNode }, { failed: boolean }> {
  state = { failed: false };

  /** Switch to the fallback on any render error. */
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  render() {
    return this.state.failed ? <p>Something went wrong.</p> : this.props.children;
  }
}
