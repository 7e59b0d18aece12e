package io.ivantiscim.ivanti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Plain unit tests of the connection pieces: base path guard, renewing credentials, limits, backoff, metadata. */
class IvantiConnectionUnitTest {

    @Test
    void apiPathRelativeOrSameHostAbsolute() {
        assertEquals("https://acme.ivanticloud.com/api/odata/businessobject/",
                IvantiUrls.apiBase("https://acme.ivanticloud.com", "/api/odata/businessobject/"));
        assertEquals("https://acme.example/HEAT/api/odata/businessobject/",
                IvantiUrls.apiBase("https://acme.example/", "HEAT/api/odata/businessobject"));
        assertEquals("https://acme.example/HEAT/api/odata/businessobject/",
                IvantiUrls.apiBase("https://acme.example", "https://ACME.example:443/HEAT/api/odata/businessobject"));
        assertEquals("https://acme.example/HEAT/api/odata/",
                IvantiUrls.metadataBase("https://acme.example/HEAT/api/odata/businessobject/"));
        assertEquals("https://acme.example/HEAT/",
                IvantiUrls.loginBase("https://acme.example/HEAT/api/odata/businessobject/"));
    }

    @Test
    void apiPathOnAnotherHostIsRefused() {
        for (String path : List.of("https://evil.example/api/odata/businessobject/", "//evil.example/api/",
                "http://acme.example/api/odata/businessobject/", "https://acme.example:8443/api/")) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> IvantiUrls.apiBase("https://acme.example", path), path);
            assertTrue(e.getMessage().contains("bridge.ivanti.api-path"), e.getMessage());
        }
    }

    @Test
    void fiftyConcurrentRejectionsCauseOneLogin() throws Exception {
        AtomicInteger logins = new AtomicInteger();
        RenewingAuth auth = new RenewingAuth("session", () -> new RenewingAuth.Token("key" + logins.incrementAndGet(),
                Long.MAX_VALUE), null, "{credential}", null, Duration.ofSeconds(60), System::currentTimeMillis);
        String old = auth.header();
        List<String> headers = Burst.run(50, Duration.ofSeconds(10), () -> {
            auth.refresh(old);
            return auth.header();
        });
        assertEquals(Collections.nCopies(50, "key2"), headers);
        assertEquals(2, logins.get());
    }

    @Test
    void jwtIsRenewedBeforeExp() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        AtomicInteger logins = new AtomicInteger();
        RenewingAuth auth = new RenewingAuth("jwt", () -> {
            logins.incrementAndGet();
            String jwt = jwt(now.get() / 1000 + 3600);
            return new RenewingAuth.Token(jwt, RenewingAuth.jwtExpiry(jwt));
        }, null, "Bearer {credential}", null, Duration.ofSeconds(60), now::get);
        String first = auth.header();
        assertTrue(first.startsWith("Bearer ey"), first);
        now.addAndGet(3539_000);
        assertEquals(first, auth.header());
        assertEquals(1, logins.get());
        now.addAndGet(1_000); // 60 s before exp
        assertFalse(first.equals(auth.header()) && logins.get() == 1);
        assertEquals(2, logins.get());
    }

    @Test
    void sessionIsReplacedBeforeIdleTimeoutAndLoggedOutOnClose() {
        AtomicLong now = new AtomicLong(0);
        AtomicInteger logins = new AtomicInteger();
        List<String> loggedOut = new ArrayList<>();
        RenewingAuth auth = new RenewingAuth("session",
                () -> new RenewingAuth.Token("k" + logins.incrementAndGet(), Long.MAX_VALUE), loggedOut::add,
                "{credential}", Duration.ofMinutes(30), Duration.ofSeconds(60), now::get);
        assertEquals("k1", auth.header());
        now.addAndGet(Duration.ofMinutes(28).toMillis());
        assertEquals("k1", auth.header()); // used again: idle clock restarts
        now.addAndGet(Duration.ofMinutes(29).toMillis());
        assertEquals("k2", auth.header()); // 29 min idle ≥ 30 min - 60 s
        auth.close();
        assertEquals(List.of("k2"), loggedOut);
        assertFalse(auth.toString().contains("k2"));
    }

    @Test
    void rateLimitPacesCallsAndRefusesOnlyATurnBeyondTheWaitBound() {
        // 120 a minute: one call every 500 ms, a burst of one second's worth (two calls).
        // The impatient limiter runs on a clock that only its own waits move: on the machine's clock a hold-up of the
        // test thread over 450 ms between the calls made the third turn legal and the refusal never came.
        long[] virtualNanos = {0};
        OutboundLimiter impatient = new OutboundLimiter(120, 0, Duration.ofMillis(50), () -> virtualNanos[0],
                wait -> virtualNanos[0] += wait);
        assertEquals(1, impatient.run(() -> 1));
        assertEquals(2, impatient.run(() -> 2));
        IvantiException.Unavailable e = assertThrows(IvantiException.Unavailable.class, () -> impatient.run(() -> 3));
        assertEquals(IvantiException.Reason.LIMITED, e.reason());
        assertEquals(1, e.retryAfterSeconds());
        assertTrue(e.getMessage().contains("requests-per-minute"), e.getMessage());

        OutboundLimiter patient = new OutboundLimiter(120, 0, Duration.ofSeconds(5));
        // The third turn is 500 ms after the first call, so 500 ms after this clock started at least, however long
        // the thread is held up between the calls (measured from the third call alone, a hold-up of 100 ms left
        // less than 400 ms to wait).
        long start = System.nanoTime();
        patient.run(() -> 1);
        patient.run(() -> 2);
        assertEquals(3, patient.run(() -> 3), "the third call queues for its turn instead of failing");
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(500), "it waited for its turn");
    }

    @Test
    void a429HoldPausesEveryCallForItsRetryAfter() {
        OutboundLimiter limiter = new OutboundLimiter(0, 0, Duration.ofMillis(50));
        limiter.holdFor(2);
        IvantiException.Unavailable e = assertThrows(IvantiException.Unavailable.class, () -> limiter.run(() -> 1));
        assertEquals(IvantiException.Reason.LIMITED, e.reason());
        assertEquals(2, e.retryAfterSeconds());
    }

    @Test
    void concurrencyBoundWaitsThenGivesUp() throws Exception {
        OutboundLimiter limiter = new OutboundLimiter(0, 1, Duration.ofMillis(50));
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<Integer> holder = pool.submit(() -> limiter.run(() -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 1;
        }));
        inside.await();
        IvantiException.Unavailable e = assertThrows(IvantiException.Unavailable.class, () -> limiter.run(() -> 2));
        assertTrue(e.getMessage().contains("max-concurrent"), e.getMessage());
        release.countDown();
        assertEquals(1, holder.get(5, TimeUnit.SECONDS));
        assertEquals(3, limiter.run(() -> 3));
        pool.shutdown();
    }

    @Test
    void backoffIsExponentialWithJitterAndHonoursRetryAfter() {
        IvantiClient.Backoff b = new IvantiClient.Backoff(1000, 0.5, 5000);
        b.init(100);
        RuntimeException plain = new IvantiException.Unavailable("x", List.of(), 0);
        long d1 = b.nextDelayInMillis(plain);
        long d2 = b.nextDelayInMillis(plain);
        long d3 = b.nextDelayInMillis(plain);
        assertTrue(d1 >= 50 && d1 <= 100, "d1 " + d1);
        assertTrue(d2 >= 100 && d2 <= 200, "d2 " + d2);
        assertTrue(d3 >= 200 && d3 <= 400, "d3 " + d3);
        assertEquals(3000, b.nextDelayInMillis(new IvantiException.Unavailable("429", List.of(), 3)));
    }

    @Test
    void metadataRootTypeIsParsed() {
        String xml = "<edmx:Edmx xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\" Version=\"4.0\"><edmx:DataServices>"
                + "<Schema xmlns=\"http://docs.oasis-open.org/odata/ns/edm\" Namespace=\"MetaData\">"
                + "<EntityType Name=\"employee\"><Key><PropertyRef Name=\"RecId\"/></Key>"
                + "<Property Name=\"RecId\" Type=\"Edm.String\"/><Property Name=\"LoginID\" Type=\"Edm.String\"/>"
                + "<NavigationProperty Name=\"EmployeeAssociatedStandardUserTeam\" Type=\"Collection(MetaData.standarduserteam)\"/>"
                + "</EntityType><EntityType Name=\"standarduserteam\"><Property Name=\"Team\" Type=\"Edm.String\"/></EntityType>"
                + "<EntityContainer Name=\"C\"><EntitySet Name=\"employees\" EntityType=\"MetaData.employee\"/></EntityContainer>"
                + "</Schema></edmx:DataServices></edmx:Edmx>";
        IvantiMetadata.EntityType t = IvantiMetadata.parse("employees", xml);
        assertEquals(List.of("RecId", "LoginID"), t.fields());
        assertEquals("LoginID", t.field("loginid"));
        assertEquals("EmployeeAssociatedStandardUserTeam", t.relationship("employeeassociatedstandarduserteam"));
        assertThrows(IvantiException.Unavailable.class,
                () -> IvantiMetadata.parse("employees",
                        "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"));
    }

    @Test
    void ttlCacheExpiresAndFlushes() {
        AtomicLong now = new AtomicLong();
        AtomicInteger loads = new AtomicInteger();
        TtlCache<String, Integer> c = new TtlCache<>("t", Duration.ofHours(10), now::get);
        c.get("a", k -> loads.incrementAndGet());
        c.get("a", k -> loads.incrementAndGet());
        assertEquals(1, loads.get());
        now.addAndGet(Duration.ofHours(10).toMillis());
        c.get("a", k -> loads.incrementAndGet());
        assertEquals(2, loads.get());
        c.flush();
        c.get("a", k -> loads.incrementAndGet());
        assertEquals(3, loads.get());
    }

    static String jwt(long exp) {
        Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
        return b.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b.encodeToString(("{\"exp\":" + exp + "}").getBytes(StandardCharsets.UTF_8)) + ".sig";
    }
}
