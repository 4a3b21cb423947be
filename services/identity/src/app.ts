// Builds the identity service from its config, so main.ts and the integration tests (port 0, their
// own database, topic prefix and realm) start it the same way.
import path from "node:path";
import { IdentityMailRequested } from "@cong/contracts";
import {
  type Logger,
  type Mailer,
  type Service,
  serveOpenApi,
  serviceMailer,
  smtpSettings,
  startStoreService,
} from "@cong/kit";
import type { Express } from "express";
import { AppointmentService } from "./appointments/appointment.service";
import { AuditRepository } from "./audit/audit.repository";
import { adminCredentials, type IdentitySettings } from "./config";
import { HandoverService } from "./handover/handover.service";
import { InvitationRepository } from "./invitations/invitation.repository";
import { InvitationService } from "./invitations/invitation.service";
import { createKeycloakAdmin } from "./keycloak/admin";
import { Directory } from "./keycloak/directory";
import { type BoardAnnouncedDoc, BoardAnnouncer } from "./memberships/board.announcer";
import { MembershipService } from "./memberships/membership.service";
import { publicRoutes, type RouteDeps, routes } from "./routes";

export const OPENAPI_FILE = path.join(__dirname, "..", "openapi.yaml");

export interface Identity {
  svc: Service;
  app: Express;
  deps: RouteDeps;
  /** sends the invitation mails; null without SMTP_URL (they wait on the mail topic) */
  mailer: Mailer | null;
  /** announces the board memberships made outside the grant path, once each (board.announcer.ts) */
  announceBoard(): Promise<number>;
}

export async function createIdentity(
  config: IdentitySettings,
  opts: { logger?: Logger } = {},
): Promise<Identity> {
  const { svc, db, outbox } = await startStoreService("identity", config, opts.logger);
  const kc = createKeycloakAdmin(adminCredentials(config));
  svc.checks.set("keycloak-admin", {
    critical: false,
    fn: async () => {
      await kc.realms.findOne({ realm: config.KEYCLOAK_REALM });
    },
  });
  const directory = new Directory(kc);
  const audit = new AuditRepository(db, outbox, svc.logger);
  await audit.init();
  const invitations = new InvitationRepository(db, outbox, svc.logger);
  await invitations.init();
  // first start of this version: the list keys of what earlier versions stored (once, then instant)
  const [entries, invited] = [await audit.backfill(), await invitations.backfill()];
  if (entries || invited) svc.logger.info({ entries, invited }, "audit and invitation index backfilled");
  const announcedColl = db.collection<BoardAnnouncedDoc>("board_announced");
  await outbox.track(announcedColl as never);
  const announcer = new BoardAnnouncer(directory, announcedColl, outbox, svc.logger);
  const memberships = new MembershipService(directory, audit, announcer);
  const deps: RouteDeps = {
    directory,
    audit,
    memberships,
    appointments: new AppointmentService(db, directory, memberships, audit),
    invitations: new InvitationService(invitations, directory, memberships, audit, {
      linkBase: config.ADMIN_PUBLIC_URL,
      ttlHours: config.INVITATION_TTL_HOURS,
    }),
    handovers: new HandoverService(directory, memberships, audit),
  };

  // the invitation mails identity staged, sent over SMTP once each (ADR 0007)
  const mailer = serviceMailer(svc, "identityMailer", [IdentityMailRequested], smtpSettings(config));

  const app = svc.httpApp();
  serveOpenApi(app, OPENAPI_FILE);
  app.use(publicRoutes(deps));
  app.use(svc.authenticate());
  app.use(routes(deps));
  return { svc, app, deps, mailer, announceBoard: () => announcer.announceAll() };
}
