// Which portal a request is for: its Host, mapped from the registry's production host
// (`stttt.bacgiang.gov.vn`) onto this deployment's domain (`stttt.bacgiang.localhost:3000`) (R-DOM).

import type { PortalSnapshot } from "@cong/contracts";
import type { ReadModel } from "../readmodel/readmodel";
import type { Locale } from "./i18n";
import type { EmblemImage } from "./pages/images";

export interface Site {
  portal: PortalSnapshot;
  locale: Locale;
  /** "" for Vietnamese, "/en" for English */
  prefix: string;
  /**
   * PUBLIC_SCHEME://host of this portal, for feeds, sitemaps and canonical links: the registry's
   * host mapped onto PUBLIC_DOMAIN, never the request's Host or X-Forwarded-* (issue 15.2)
   */
  origin: string;
  isProvince: boolean;
  /** on a component portal: the provincial portal it belongs to, for the link home (Art. 3.2) */
  provincial?: { name: PortalSnapshot["name"]; origin: string; languages: PortalSnapshot["languages"] };
  /** the banner's emblem: the portal's own, else the provincial portal's (pages/images.ts) */
  emblem?: EmblemImage;
}

export class HostMap {
  private map = new Map<string, string>();
  private readonly matchPort: boolean;

  constructor(
    private readonly model: ReadModel,
    private readonly productionDomain: string,
    private readonly publicDomain: string,
    /** scheme of the portals' absolute links (PUBLIC_SCHEME) */
    private readonly publicScheme: "http" | "https" = "http",
  ) {
    this.matchPort = publicDomain.includes(":");
    model.onChange(({ tags }) => {
      if (tags.some((t) => t.startsWith("portal:"))) this.rebuild();
    });
    this.rebuild();
  }

  /** the host a portal answers on here */
  localHost(portal: PortalSnapshot): string {
    const h = portal.host.toLowerCase().replace(/^www\./, "");
    if (h === this.productionDomain) return this.publicDomain;
    if (h.endsWith(`.${this.productionDomain}`))
      return `${h.slice(0, -this.productionDomain.length)}${this.publicDomain}`;
    return h;
  }

  /**
   * The public origin of a portal, from configuration only: PUBLIC_SCHEME, the registry's host
   * mapped onto PUBLIC_DOMAIN, and PUBLIC_DOMAIN's port if it names one.
   */
  origin(portal: PortalSnapshot): string {
    return `${this.publicScheme}://${this.localHost(portal)}`;
  }

  rebuild(): void {
    const next = new Map<string, string>();
    for (const p of this.model.portals.values()) {
      if (!p.snapshot.active) continue;
      next.set(this.localHost(p.snapshot), p._id);
    }
    this.map = next;
  }

  resolve(hostHeader: string | undefined): string | undefined {
    if (!hostHeader) return undefined;
    let h = hostHeader.toLowerCase().trim().replace(/\.$/, "");
    if (h.startsWith("www.")) h = h.slice(4);
    if (!this.matchPort) h = h.replace(/:\d+$/, "");
    return this.map.get(h);
  }
}
