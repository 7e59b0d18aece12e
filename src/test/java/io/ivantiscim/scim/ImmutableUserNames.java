package io.ivantiscim.scim;

import io.ivantiscim.ConfigOverrides;

/**
 * The one test profile of issue 17 items 1 and 3, shared so that it costs one application start:
 * {@code bridge.users.username-mutability=immutable}, and bulk limits small enough that their 413s need small bodies.
 */
public class ImmutableUserNames extends ConfigOverrides {

    static final int MAX_OPERATIONS = 5;
    static final int MAX_PAYLOAD = 4096;

    public ImmutableUserNames() {
        super("bridge.users.username-mutability", "immutable",
                "bridge.scim.bulk.max-operations", Integer.toString(MAX_OPERATIONS),
                "bridge.scim.bulk.max-payload-bytes", Integer.toString(MAX_PAYLOAD));
    }
}
