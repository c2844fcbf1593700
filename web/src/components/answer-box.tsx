import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError, api } from "../api/client";
import { keys } from "../api/queries";
import type { NotificationRow } from "../api/types";
import { useSession } from "../auth/session";
import { Notice } from "./ui";

/**
 * A creator's question Parley could not answer from the brief: a person answers here, and the
 * answer goes out through the same outgoing-email gate (POST /api/negotiations/:id/answer).
 */
export function AnswerBox({ notification }: { notification: NotificationRow }) {
  const { can } = useSession();
  const client = useQueryClient();
  const [text, setText] = useState("");
  const id = notification.negotiationId;
  const answer = useMutation({
    mutationFn: () => api.post(`/api/negotiations/${id}/answer`, { text }),
    onSuccess: () => {
      setText("");
      void client.invalidateQueries({ queryKey: ["notifications"] });
      if (id) {
        void client.invalidateQueries({ queryKey: keys.negotiation(id) });
        void client.invalidateQueries({ queryKey: keys.timeline(id) });
      }
    },
  });
  if (!id) return null;
  const refused = answer.error instanceof ApiError ? answer.error : null;
  return (
    <section className="card border-sky-300" aria-label="Question for the team">
      <h2 className="font-semibold">Question for the team</h2>
      <p className="mt-1 text-sm">{notification.title}</p>
      {notification.data.excerpt && (
        <blockquote className="mt-2 border-l-4 border-slate-200 pl-3 text-sm text-slate-700">
          {notification.data.excerpt}
        </blockquote>
      )}
      {can("operator") ? (
        <form
          className="mt-3 space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            answer.mutate();
          }}
        >
          <label htmlFor={`answer-${notification.id}`} className="label">
            Your answer
          </label>
          <textarea
            id={`answer-${notification.id}`}
            className="input"
            rows={4}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          {refused && (
            <Notice tone="error">
              {refused.message}
              {refused.reasons().length > 0 && (
                <ul className="list-disc pl-5">
                  {refused.reasons().map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              )}
            </Notice>
          )}
          <button
            type="submit"
            className="btn btn-primary"
            disabled={!text.trim() || answer.isPending}
          >
            Send answer
          </button>
        </form>
      ) : (
        <p className="mt-2 text-sm text-slate-600">Answering needs the operator role.</p>
      )}
    </section>
  );
}
