import { en } from "zod/locales";
import * as z from "zod/mini";

/**
 * zod/mini carries no messages of its own: without a locale every problem reads "Invalid input".
 * The English one gives the messages the full build had (operators read them in configuration
 * errors, callers in refused requests and RPC inputs, the team in unreadable-state reports).
 * Imported by the Worker's entry first and by each module that turns problems into text, so it
 * holds whichever module is loaded. A named import: `z.locales.en` would bring every locale into
 * the bundle.
 */
z.config(en());
