package io.ivantiscim.ivanti;

import java.util.function.Supplier;

/**
 * Session login (ivanti-api.md §1.1, §1.3): the session key is sent raw in {@code Authorization}. When Ivanti answers
 * 401 {@code ISM_4001} the session has expired; the first thread to notice logs in again and every other thread that
 * was rejected with the same old key reuses the new one, so a burst of concurrent requests on an expired session
 * costs one login, not one each.
 */
final class SessionKeyAuth implements IvantiAuth {

    private final Supplier<String> login;
    private String sessionKey;

    SessionKeyAuth(Supplier<String> login) {
        this.login = login;
    }

    @Override
    public synchronized String header() {
        if (sessionKey == null) {
            sessionKey = login.get();
        }
        return sessionKey;
    }

    @Override
    public synchronized boolean refresh(String rejectedHeader) {
        if (sessionKey == null || sessionKey.equals(rejectedHeader)) {
            sessionKey = login.get();
        }
        return true;
    }
}
