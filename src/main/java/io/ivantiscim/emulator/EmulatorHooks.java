package io.ivantiscim.emulator;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ivantiscim.config.BridgeConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * The test and operations hooks under {@code /emulator/_emulator/…} (no Ivanti credential, no faults): reset and
 * (re)seed the demo tenant, generate employees, read and set faults and switches at run time, expire or age sessions,
 * read call counters. Nothing here is Ivanti behaviour; it is how tests reach the behaviour without restarting.
 */
final class EmulatorHooks {

    private final BridgeConfig config;
    private final Vertx vertx;
    /** The settings' secret properties, as serialised. */
    static final List<String> SECRETS = List.of("password", "apiKey", "oauth2ClientSecret");
    static final String MASK = "********";

    private final AtomicReference<EmulatorSettings> settings;
    private final EmulatorState state;
    private final DemoData demo;
    private final Faults faults;
    private final Authentication auth;
    private final Counters counters;
    private final ObjectMapper json = Replies.MAPPER;

    EmulatorHooks(BridgeConfig config, Vertx vertx, AtomicReference<EmulatorSettings> settings, EmulatorState state,
            DemoData demo, Faults faults, Authentication auth, Counters counters) {
        this.config = config;
        this.vertx = vertx;
        this.settings = settings;
        this.state = state;
        this.demo = demo;
        this.faults = faults;
        this.auth = auth;
        this.counters = counters;
    }

    /** Writes the demo tenant plus {@code bridge.emulator.generate} generated employees. */
    void seed() {
        EmulatorSettings s = settings.get();
        demo.seed(s);
        int n = config.emulator().generate();
        if (n > 0) {
            demo.generate(n, s);
        }
    }

    /** One hook call; {@code sub} is the path below {@code /_emulator/}. */
    void handle(RoutingContext ctx, String sub) {
        String method = ctx.request().method().name();
        MultiMap q = ctx.queryParams();
        switch (method + " " + sub) {
            case "POST reset" -> {
                settings.set(EmulatorSettings.from(config.emulator()));
                faults.set(Faults.Spec.from(config.emulator().faults()));
                auth.expireAll(0);
                counters.reset();
                vertx.executeBlocking(() -> {
                    seed();
                    return null;
                }).onComplete(r -> adminResult(ctx, r.succeeded(), stats()));
            }
            case "POST generate" -> {
                int n = Integer.parseInt(q.get("count") == null ? "100" : q.get("count"));
                if (n < 0) {
                    throw new IllegalArgumentException("count must be >= 0");
                }
                EmulatorSettings s = settings.get();
                vertx.executeBlocking(() -> {
                    demo.generate(n, s);
                    return null;
                }).onComplete(r -> adminResult(ctx, r.succeeded(), stats().put("generated", n)));
            }
            case "GET stats" -> Replies.send(ctx, 200, Replies.JSON, stats().toString());
            case "GET faults" -> Replies.send(ctx, 200, Replies.JSON, json.valueToTree(faults.get()).toString());
            case "POST faults" -> {
                Faults.Spec spec = Faults.Spec.from(config.emulator().faults());
                spec.throttleBurst = 0;
                try {
                    String b = Replies.body(ctx);
                    if (b != null && !b.isBlank()) {
                        json.readerForUpdating(spec).readValue(b);
                    }
                } catch (Exception e) {
                    throw new IllegalArgumentException("bad faults body: " + e.getMessage());
                }
                faults.set(spec);
                Replies.send(ctx, 200, Replies.JSON, json.valueToTree(faults.get()).toString());
            }
            case "DELETE faults" -> {
                faults.set(new Faults.Spec());
                Replies.send(ctx, 200, Replies.JSON, json.valueToTree(faults.get()).toString());
            }
            case "POST expire-sessions" -> {
                int ended = Integer.parseInt(q.get("ended-logins") == null ? "0" : q.get("ended-logins"));
                if (ended < 0) {
                    throw new IllegalArgumentException("ended-logins must be 0 or more");
                }
                auth.expireAll(ended);
                Replies.send(ctx, 200, Replies.JSON, stats().toString());
            }
            case "POST sessions/age" -> {
                long seconds = Long.parseLong(q.get("seconds") == null ? "0" : q.get("seconds"));
                auth.age(seconds);
                Replies.send(ctx, 200, Replies.JSON, stats().toString());
            }
            case "GET counters" ->
                Replies.send(ctx, 200, Replies.JSON, json.valueToTree(counters.snapshot()).toString());
            case "POST counters/reset" -> {
                counters.reset();
                Replies.send(ctx, 200, Replies.JSON, "{}");
            }
            case "GET settings" -> Replies.send(ctx, 200, Replies.JSON, masked(settings.get()));
            case "POST settings" -> {
                EmulatorSettings s = settings.get().clone();
                try {
                    json.readerForUpdating(s).readValue(Replies.body(ctx));
                    s.validate();
                } catch (Exception e) {
                    throw new IllegalArgumentException("bad settings body: " + e.getMessage());
                }
                settings.set(s);
                Replies.send(ctx, 200, Replies.JSON, masked(s));
            }
            case "DELETE settings" -> {
                settings.set(EmulatorSettings.from(config.emulator()));
                Replies.send(ctx, 200, Replies.JSON, masked(settings.get()));
            }
            default -> Replies.send(ctx, 404, Replies.JSON, "{\"error\":\"unknown emulator hook\"}");
        }
    }

    /**
     * The settings as JSON with the tenant's secrets masked: the hooks answer anyone who reaches them, and the
     * password, API key and client secret are credentials even on a demo tenant (issue 15 item 12). A test that needs
     * one sets it and so knows it.
     */
    private String masked(EmulatorSettings s) {
        ObjectNode out = json.valueToTree(s);
        for (String secret : SECRETS) {
            if (out.hasNonNull(secret)) {
                out.put(secret, MASK);
            }
        }
        return out.toString();
    }

    private ObjectNode stats() {
        ObjectNode n = json.createObjectNode();
        for (BoType t : BoType.ALL) {
            n.put(t.set, state.store(t).size());
        }
        n.put("sessions", auth.sessionCount());
        return n;
    }

    private static void adminResult(RoutingContext ctx, boolean ok, ObjectNode body) {
        Replies.send(ctx, ok ? 200 : 500, Replies.JSON, body.toString());
    }
}
