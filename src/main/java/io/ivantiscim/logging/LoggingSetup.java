package io.ivantiscim.logging;

import java.util.logging.Handler;

import jakarta.enterprise.event.Observes;

import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;

import io.ivantiscim.config.BridgeConfig;
import io.quarkus.runtime.StartupEvent;

/** Switches console logging to JSON lines when {@code bridge.logging.json} is true (the default in production). */
public class LoggingSetup {

    void onStart(@Observes StartupEvent event, BridgeConfig config) {
        if (!config.logging().json()) {
            return;
        }
        for (Handler handler : LogContext.getLogContext().getLogger("").getHandlers()) {
            install(handler);
        }
    }

    private static void install(Handler handler) {
        if (handler instanceof ConsoleHandler console) {
            console.setFormatter(new JsonLogFormatter());
        } else if (handler instanceof org.jboss.logmanager.ExtHandler ext) {
            for (Handler nested : ext.getHandlers()) {
                install(nested);
            }
        }
    }
}
