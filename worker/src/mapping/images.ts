export interface RejectedImage {
  url: string;
  reason: string;
}

/**
 * Splits image URLs into those Wix can import (absolute https) and the rest, each with the reason,
 * and keeps at most `max` of the accepted ones in their original order.
 */
export function partitionImages(urls: string[], max: number) {
  const accepted: string[] = [];
  const rejected: RejectedImage[] = [];
  for (const raw of urls) {
    const url = raw.trim();
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      parsed = null;
    }
    if (!parsed) {
      rejected.push({
        url,
        reason: "is not an absolute URL; set the public base URL in Wix Settings",
      });
    } else if (parsed.protocol !== "https:") {
      rejected.push({ url, reason: "is not https; Wix imports images only over https" });
    } else if (accepted.includes(parsed.href)) {
      continue;
    } else if (accepted.length >= max) {
      rejected.push({ url, reason: `is past Wix's limit of ${max} images a product` });
    } else {
      accepted.push(parsed.href);
    }
  }
  return { accepted, rejected };
}
