package io.ivantiscim.http;

import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ByteProcessor;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * Closes a connection whose request head does not arrive in time, or that stays silent too long between requests.
 * First in the connection's pipeline, it sees the raw bytes: the head deadline starts when the connection opens and,
 * once the previous answer has ended, with the next byte; between the end of an answer and that byte the keep-alive
 * deadline runs. While a request is being worked on neither runs, so a long request (a bulk of 1,000 operations)
 * is never cut for being silent: Vert.x's own idle timeout, which cannot tell a busy connection from an idle one, is
 * only a far-off backstop (application.properties). The head deadline ends at the empty
 * line that ends a head (RFC 9112 §2.1) or when {@link HeadDeadlineRoutes} reports a request, whichever comes first;
 * the bytes are only looked at while the deadline runs, so bodies are never scanned. A request answered before it
 * reaches the router (a head Vert.x rejects, which also closes the connection) leaves no deadline running on the
 * connection; the idle timeout still applies. Everything runs on the connection's event loop, so the state needs no
 * locking.
 */
final class RequestHeadDeadline extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = Logger.getLogger(RequestHeadDeadline.class);

    private enum State {
        /** A head is on its way: the deadline runs. */
        HEAD,
        /** A head has arrived and its answer has not ended. */
        BUSY,
        /** The last answer ended: the keep-alive deadline runs, and the next byte starts a head. */
        IDLE
    }

    private final long headNanos;
    private final long keepAliveNanos;
    private ChannelHandlerContext context;
    private ScheduledFuture<?> deadline;
    private State state = State.IDLE;
    /** Requests the router has seen on this connection whose answer has not ended (HTTP/2 has several). */
    private int open;
    /** How much of CR LF CR LF the bytes read so far end with. */
    private int matched;
    private final ByteProcessor endOfHead = b -> {
        matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
        return matched < 4;
    };

    /** Either deadline {@code <= 0} is off. */
    RequestHeadDeadline(long headNanos, long keepAliveNanos) {
        this.headNanos = headNanos;
        this.keepAliveNanos = keepAliveNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        startHead();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes && http2Preface(bytes)) {
            http2();
            ctx.fireChannelRead(msg);
            return;
        }
        if (state == State.IDLE) {
            startHead();
        }
        if (state == State.HEAD && msg instanceof ByteBuf bytes && bytes.forEachByte(endOfHead) >= 0) {
            busy();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        disarm();
        ctx.fireChannelInactive();
    }

    /**
     * The connection speaks HTTP/2 (the client's preface after an h2c upgrade, or with prior knowledge; RFC 9113
     * §3.4): its frames are no HTTP/1 heads and its requests interleave, so neither deadline can tell idle from busy
     * here; the handler leaves the pipeline and Vert.x's idle timeout and HTTP/2's own flow control govern the
     * connection. The head deadline has already done its work: an HTTP/2 connection has sent a complete preface.
     */
    void http2() {
        onLoop(() -> {
            disarm();
            if (context.pipeline().context(this) != null) {
                context.pipeline().remove(this);
            }
        });
    }

    private static boolean http2Preface(ByteBuf bytes) {
        int i = bytes.readerIndex();
        return bytes.readableBytes() >= 3 && bytes.getByte(i) == 'P' && bytes.getByte(i + 1) == 'R'
                && bytes.getByte(i + 2) == 'I';
    }

    /** The router has a request of this connection. */
    void requestArrived() {
        onLoop(() -> {
            open++;
            busy();
        });
    }

    /** A request's answer ended (or its connection closed). */
    void answered() {
        onLoop(() -> {
            open = Math.max(0, open - 1);
            if (open == 0 && state == State.BUSY) {
                state = State.IDLE;
                arm(keepAliveNanos);
            }
        });
    }

    private void startHead() {
        state = State.HEAD;
        matched = 0;
        arm(headNanos);
    }

    private void arm(long nanos) {
        disarm();
        if (nanos > 0) {
            deadline = context.executor().schedule(this::expire, nanos, TimeUnit.NANOSECONDS);
        }
    }

    private void busy() {
        state = State.BUSY;
        disarm();
    }

    private void disarm() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void expire() {
        deadline = null;
        if (state == State.HEAD) {
            LOG.debugf("Closing connection from %s: no complete request head within %d ms",
                    context.channel().remoteAddress(), TimeUnit.NANOSECONDS.toMillis(headNanos));
            context.close();
        } else if (state == State.IDLE) {
            LOG.debugf("Closing kept-alive connection from %s: no next request within %d ms",
                    context.channel().remoteAddress(), TimeUnit.NANOSECONDS.toMillis(keepAliveNanos));
            context.close();
        }
    }

    private void onLoop(Runnable task) {
        if (context.executor().inEventLoop()) {
            task.run();
        } else {
            context.executor().execute(task);
        }
    }
}
