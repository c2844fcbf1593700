/**
 * Every knowledge-base file, imported as text at build time (see markdown.d.ts). A new example
 * file needs one import and one entry below; a unit test fails when a file is not listed.
 */

import agreementCreator from "../../knowledge/examples/agreement-creator.md";
import agreementManager from "../../knowledge/examples/agreement-manager.md";
import agreementYoutubeProduct from "../../knowledge/examples/agreement-youtube-product.md";
import counterConcession from "../../knowledge/examples/counter-concession.md";
import counterInstagramTier from "../../knowledge/examples/counter-instagram-tier.md";
import counterProduct from "../../knowledge/examples/counter-product.md";
import counterSyndication from "../../knowledge/examples/counter-syndication.md";
import counterTiktokManagerUsage from "../../knowledge/examples/counter-tiktok-manager-usage.md";
import counterYoutubeCpmTarget from "../../knowledge/examples/counter-youtube-cpm-target.md";
import declineAckCreator from "../../knowledge/examples/decline-ack-creator.md";
import declineAckManager from "../../knowledge/examples/decline-ack-manager.md";
import escalationContract from "../../knowledge/examples/escalation-contract.md";
import escalationWhitelisting from "../../knowledge/examples/escalation-whitelisting.md";
import followUpFirst from "../../knowledge/examples/follow-up-first.md";
import followUpLast from "../../knowledge/examples/follow-up-last.md";
import followUpManager from "../../knowledge/examples/follow-up-manager.md";
import openingInstagramCreator from "../../knowledge/examples/opening-instagram-creator.md";
import openingTiktokCreator from "../../knowledge/examples/opening-tiktok-creator.md";
import openingYoutubeManager from "../../knowledge/examples/opening-youtube-manager.md";
import questionInstagramUsage from "../../knowledge/examples/question-instagram-usage.md";
import questionTiktokBrief from "../../knowledge/examples/question-tiktok-brief.md";
import questionYoutubeManagerTiming from "../../knowledge/examples/question-youtube-manager-timing.md";
import walkAwayCreator from "../../knowledge/examples/walk-away-creator.md";
import walkAwayManager from "../../knowledge/examples/walk-away-manager.md";
import instagram from "../../knowledge/platforms/instagram.md";
import tiktok from "../../knowledge/platforms/tiktok.md";
import youtube from "../../knowledge/platforms/youtube.md";
import playbook from "../../knowledge/playbook.md";
import readingGuide from "../../knowledge/reading-guide.md";
import type { Platform } from "../domain/types";
import type { ExampleSource } from "./examples";

export const PLAYBOOK: string = playbook;

export const PLATFORM_NOTES: Record<Platform, string> = { instagram, tiktok, youtube };

export const EXAMPLE_SOURCES: readonly ExampleSource[] = [
  { name: "agreement-creator.md", text: agreementCreator },
  { name: "agreement-manager.md", text: agreementManager },
  { name: "agreement-youtube-product.md", text: agreementYoutubeProduct },
  { name: "counter-concession.md", text: counterConcession },
  { name: "counter-instagram-tier.md", text: counterInstagramTier },
  { name: "counter-product.md", text: counterProduct },
  { name: "counter-syndication.md", text: counterSyndication },
  { name: "counter-tiktok-manager-usage.md", text: counterTiktokManagerUsage },
  { name: "counter-youtube-cpm-target.md", text: counterYoutubeCpmTarget },
  { name: "decline-ack-creator.md", text: declineAckCreator },
  { name: "decline-ack-manager.md", text: declineAckManager },
  { name: "escalation-contract.md", text: escalationContract },
  { name: "escalation-whitelisting.md", text: escalationWhitelisting },
  { name: "follow-up-first.md", text: followUpFirst },
  { name: "follow-up-last.md", text: followUpLast },
  { name: "follow-up-manager.md", text: followUpManager },
  { name: "opening-instagram-creator.md", text: openingInstagramCreator },
  { name: "opening-tiktok-creator.md", text: openingTiktokCreator },
  { name: "opening-youtube-manager.md", text: openingYoutubeManager },
  { name: "question-instagram-usage.md", text: questionInstagramUsage },
  { name: "question-tiktok-brief.md", text: questionTiktokBrief },
  { name: "question-youtube-manager-timing.md", text: questionYoutubeManagerTiming },
  { name: "walk-away-creator.md", text: walkAwayCreator },
  { name: "walk-away-manager.md", text: walkAwayManager },
];

/** Guidance for reading replies (the reader's cached system prompt). Amounts here are examples of wording. */
export const READING_GUIDE: string = readingGuide;
