package io.ivantiscim;

/**
 * A start-up failure the bridge explains itself: the message is the whole paragraph an operator reads (what failed and
 * the property to fix), so {@link BridgeMain} prints it as it is, without a stack trace.
 */
public class StartupFailure extends RuntimeException {

    public StartupFailure(String paragraph) {
        super(paragraph, null, false, false);
    }
}
