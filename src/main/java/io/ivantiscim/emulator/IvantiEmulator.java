package io.ivantiscim.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.ivantiscim.config.BridgeConfig;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The built-in Ivanti Neurons for ITSM emulator's router: the REST login and the OData business-object API of
 * {@code docs/ivanti-api.md} §0 rows 1–28, served on the Vert.x router under {@code /emulator} (plus an optional
 * tenant base path such as {@code /HEAT}). Raw Vert.x rather than JAX-RS so the exact HTTP shapes survive (empty 200
 * bodies, 204s, dropped connections, entity-encoded 500s) and the SCIM exception mappers never touch it.
 * <p>
 * This class only classifies a call, counts it, applies injected faults and hands it to the class that does the job
 * ({@link Authentication}, {@link ODataReads}, {@link ODataWrites}, {@link EmulatorHooks}); the package overview maps
 * each Ivanti quirk to its method. Test and operations hooks live under {@code /emulator/_emulator/…} and need no
 * Ivanti credential.
 */
@ApplicationScoped
public class IvantiEmulator {

    private static final Logger LOG = Logger.getLogger(IvantiEmulator.class);
    static final String MOUNT = "/emulator";
    private static final int BODY_LIMIT = 1024 * 1024;

    @Inject
    BridgeConfig config;

    @Inject
    Vertx vertx;

    private final Counters counters = new Counters();
    private final AtomicReference<EmulatorSettings> settings = new AtomicReference<>();
    private final Authentication auth = new Authentication(counters);
    private Faults faults;
    private ODataReads reads;
    private ODataWrites writes;
    private EmulatorHooks hooks;

    void init(@Observes Router router) {
        if (config.ivanti().url().isPresent() && !config.emulator().standalone()) {
            LOG.debug("bridge.ivanti.url is set: Ivanti emulator not mounted");
            return;
        }
        settings.set(EmulatorSettings.from(config.emulator()));
        EmulatorState state = new EmulatorState(Replies.MAPPER);
        faults = new Faults(Faults.Spec.from(config.emulator().faults()));
        reads = new ODataReads(state, auth);
        writes = new ODataWrites(state, auth);
        hooks = new EmulatorHooks(config, vertx, settings, state, new DemoData(state, Replies.MAPPER), faults, auth,
                counters);
        hooks.seed();
        router.route(MOUNT + "/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
        router.route(MOUNT + "/*").handler(this::handle);
        LOG.infof("Ivanti emulator mounted at %s%s (tenant %s, %d employees)", MOUNT, settings.get().basePath,
                settings.get().tenant, state.store(BoType.EMPLOYEE).size());
    }

    /** One classified Ivanti API call; the kind names its counter and the fault filter ({@code faults.kinds}). */
    private record Call(String kind, Runnable action) {
    }

    private void handle(RoutingContext ctx) {
        String path = ctx.request().path();
        String rest = path.length() > MOUNT.length() ? path.substring(MOUNT.length()) : "/";
        if (rest.startsWith("/_emulator/")) {
            try {
                hooks.handle(ctx, rest.substring("/_emulator/".length()));
            } catch (IllegalArgumentException e) {
                Replies.send(ctx, 400, Replies.JSON,
                        Replies.MAPPER.createObjectNode().put("error", String.valueOf(e.getMessage())).toString());
            }
            return;
        }
        EmulatorSettings s = settings.get();
        if (rest.equalsIgnoreCase("/oauth2/token")) {
            // The external identity provider of the oauth2 strategy: no Ivanti faults apply to it.
            counters.inc("oauth2.token");
            auth.token(ctx, s);
            return;
        }
        Call call = classify(ctx, rest, s);
        counters.inc("total");
        counters.inc(call.kind());
        Faults.Decision d = faults.decide(counters.get("total"), call.kind());
        if (d.overLimit()) {
            counters.inc("throttled");
        }
        Runnable run = () -> {
            if (ctx.response().closed() || ctx.response().ended()) {
                return;
            }
            if (d.kind() == Faults.Kind.LOST_ANSWER) {
                ctx.put(Replies.LOSE_ANSWER, "chosen");
            } else if (d.kind() != Faults.Kind.NONE) {
                Faults.reply(ctx, d, counters, s.tenant);
                return;
            }
            if (d.answerDelayMs() > 0) {
                ctx.put(Replies.ANSWER_DELAY_MS, d.answerDelayMs());
            }
            try {
                call.action().run();
                if ("lost".equals(ctx.get(Replies.LOSE_ANSWER))) {
                    counters.inc("fault.lost-answer");
                }
            } catch (IsmError e) {
                Replies.error(ctx, e);
            } catch (RuntimeException e) {
                LOG.warn("emulator failure", e);
                Replies.error(ctx, new IsmError(500, "ISM_5000", "Internal server error", List.of(
                        "Unhandled system exception: " + Replies.htmlEncode(String.valueOf(e.getMessage())))));
            }
        };
        if (d.delayMs() > 0) {
            vertx.setTimer(d.delayMs(), id -> run.run());
        } else {
            run.run();
        }
    }

    /** Row 7: paths, case-insensitive collection names, base path; classification feeds the counters. */
    private Call classify(RoutingContext ctx, String rest, EmulatorSettings s) {
        String method = ctx.request().method().name();
        if (!s.basePath.isEmpty()) {
            if (!rest.toLowerCase(Locale.ROOT).startsWith(s.basePath.toLowerCase(Locale.ROOT) + "/")) {
                return notFound("Requested resource not found");
            }
            rest = rest.substring(s.basePath.length());
        }
        String lower = rest.toLowerCase(Locale.ROOT);
        if (lower.equals("/api/rest/authentication/login") && method.equals("POST")) {
            return new Call("login", () -> auth.login(ctx, s));
        }
        if (lower.equals("/api/rest/authentication/logout") && s.logoutEnabled) {
            return new Call("logout", () -> auth.logout(ctx, s));
        }
        String bo = "/api/odata/businessobject/";
        if (lower.startsWith(bo)) {
            List<String> segs = new ArrayList<>();
            for (String seg : rest.substring(bo.length()).split("/", -1)) {
                segs.add(Replies.decode(seg));
            }
            return odata(ctx, method, segs, s);
        }
        // Clients percent-encode '$' (%24) in paths; compare on the decoded path from here on.
        rest = Replies.decode(rest);
        lower = rest.toLowerCase(Locale.ROOT);
        if (lower.equals("/api/odata/$metadata") || lower.equals("/api/odata/businessobject/$metadata")) {
            // Row 24: the root metadata URLs answer 404 on a live tenant.
            return new Call("metadata", () -> {
                auth.check(ctx, s);
                throw IsmError.notFound("No service for the resource is registered.");
            });
        }
        if (lower.startsWith("/api/odata/") && lower.endsWith("/$metadata")) {
            String set = rest.substring("/api/odata/".length(), rest.length() - "/$metadata".length());
            if (!set.contains("/") && method.equals("GET")) {
                return new Call("metadata", () -> reads.metadata(ctx, set, s));
            }
        }
        return notFound("Requested resource not found");
    }

    private static Call notFound(String message) {
        return new Call("notfound", () -> {
            throw IsmError.notFound(message);
        });
    }

    /** A parsed path segment {@code name} or {@code name('key')}. */
    private record Seg(String name, String key, boolean hasKey) {

        static Seg parse(String raw) {
            int open = raw.indexOf('(');
            if (open < 0 || !raw.endsWith(")")) {
                return new Seg(raw, null, false);
            }
            String k = raw.substring(open + 1, raw.length() - 1).trim();
            if (k.length() >= 2 && k.startsWith("'") && k.endsWith("'")) {
                k = k.substring(1, k.length() - 1).replace("''", "'");
            }
            return new Seg(raw.substring(0, open), k, true);
        }
    }

    private Call odata(RoutingContext ctx, String method, List<String> raw, EmulatorSettings s) {
        List<Seg> segs = new ArrayList<>();
        for (String r : raw) {
            segs.add(Seg.parse(r));
        }
        Seg first = segs.get(0);
        BoType t = BoType.bySet(first.name());
        if (t == null) {
            if (BoType.bySingular(first.name()) != null) {
                // docs/ivanti-api.md §2.1: the singular form is not a service.
                return notFound("No service for the resource is registered.");
            }
            String set = first.name().toLowerCase(Locale.ROOT);
            return new Call(set + ".unknown", () -> {
                auth.check(ctx, s);
                if ("empty".equals(s.unknownCollection)) {
                    // docs/ivanti-api.md §9: "Ivanti's own answer to a wrong entity set is an empty result".
                    Replies.send(ctx, 200, Replies.JSON, "");
                } else {
                    throw IsmError.notFound("Requested resource not found");
                }
            });
        }
        String set = t.set;
        if (segs.size() == 1) {
            if (!first.hasKey()) {
                if (method.equals("GET")) {
                    return new Call(set + ".list", () -> reads.list(ctx, t, s));
                }
                if (method.equals("POST")) {
                    return new Call(set + ".create", () -> writes.create(ctx, t, s));
                }
            } else {
                switch (method) {
                    case "GET" :
                        return new Call(set + ".get", () -> reads.get(ctx, t, first.key(), s));
                    case "PUT" :
                    case "PATCH" :
                        return new Call(set + ".update", () -> writes.update(ctx, t, first.key(), s));
                    case "DELETE" :
                        return new Call(set + ".delete", () -> writes.delete(ctx, t, first.key(), s));
                    default :
                        break;
                }
            }
        } else if (segs.size() == 2 && first.hasKey() && !segs.get(1).hasKey() && method.equals("GET")) {
            return new Call("nav", () -> reads.nav(ctx, t, first.key(), segs.get(1).name(), s));
        } else if (segs.size() == 3 && first.hasKey() && segs.get(1).hasKey()
                && segs.get(2).name().equalsIgnoreCase("$ref")) {
            Seg rel = segs.get(1);
            if (method.equals("PATCH")) {
                return new Call("link", () -> writes.link(ctx, t, first.key(), rel.name(), rel.key(), true, s));
            }
            if (method.equals("DELETE")) {
                return new Call("unlink", () -> writes.link(ctx, t, first.key(), rel.name(), rel.key(), false, s));
            }
        }
        return notFound("Requested resource not found");
    }
}
