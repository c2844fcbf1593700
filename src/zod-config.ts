import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";

/**
 * zod/mini loads no locale: without this, every default message would read "Invalid input".
 * English is what the classic build registered, and what API responses and config problems show.
 * Imported first by the Worker's entry and by the modules that surface zod's messages.
 */
z.config(en());
