package io.ivantiscim.http;

import java.net.SocketAddress;
import java.util.concurrent.ThreadFactory;

import io.ivantiscim.config.BridgeConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.impl.VertxBuilder;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.spi.transport.Transport;

/**
 * Vert.x's network transport (NIO or native, whichever Vert.x chose), with one change: every connection a server
 * accepts gets a {@link RequestHeadDeadline} (head and keep-alive deadlines) in front of Vert.x's own handlers. {@link Transport#configure(
 * NetServerOptions, boolean, ServerBootstrap)} is the one point where Vert.x lets code see a server's bootstrap
 * after it set the child handler; Quarkus keeps the {@code HttpServer} (and its connection handler) to itself.
 * Registered as a {@link VertxServiceProvider} (META-INF/services), which Quarkus passes to the Vert.x it builds;
 * clients and datagram sockets are left exactly as Vert.x configures them.
 */
public final class HeadDeadlineTransport implements VertxServiceProvider, Transport {

    private Transport vertx;

    @Override
    public void init(VertxBuilder builder) {
        vertx = builder.findTransport();
        builder.findTransport(this);
    }

    @Override
    public void configure(NetServerOptions options, boolean domainSocket, ServerBootstrap bootstrap) {
        vertx.configure(options, domainSocket, bootstrap);
        BridgeConfig.Http http = http();
        long headNanos = http == null ? 0 : http.headerTimeout().toNanos();
        long keepAliveNanos = http == null ? 0 : http.keepAliveTimeout().toNanos();
        ChannelHandler vertxChild = bootstrap.config().childHandler();
        if ((headNanos <= 0 && keepAliveNanos <= 0) || vertxChild == null) {
            return;
        }
        bootstrap.childHandler(new ChannelInitializer<Channel>() {

            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new RequestHeadDeadline(headNanos, keepAliveNanos), vertxChild);
            }
        });
    }

    /** The configured deadlines; none for a Vert.x server started outside the application (no CDI container). */
    private static BridgeConfig.Http http() {
        ArcContainer arc = Arc.container();
        return arc == null || !arc.isRunning() ? null : arc.instance(BridgeConfig.class).get().http();
    }

    @Override
    public boolean supportsDomainSockets() {
        return vertx.supportsDomainSockets();
    }

    @Override
    public boolean supportFileRegion() {
        return vertx.supportFileRegion();
    }

    @Override
    public boolean isAvailable() {
        return vertx.isAvailable();
    }

    @Override
    public Throwable unavailabilityCause() {
        return vertx.unavailabilityCause();
    }

    @Override
    public SocketAddress convert(io.vertx.core.net.SocketAddress address) {
        return vertx.convert(address);
    }

    @Override
    public io.vertx.core.net.SocketAddress convert(SocketAddress address) {
        return vertx.convert(address);
    }

    @Override
    public EventLoopGroup eventLoopGroup(int type, int threads, ThreadFactory threadFactory, int ioRatio) {
        return vertx.eventLoopGroup(type, threads, threadFactory, ioRatio);
    }

    @Override
    public DatagramChannel datagramChannel() {
        return vertx.datagramChannel();
    }

    @Override
    public DatagramChannel datagramChannel(InternetProtocolFamily family) {
        return vertx.datagramChannel(family);
    }

    @Override
    public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
        return vertx.channelFactory(domainSocket);
    }

    @Override
    public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
        return vertx.serverChannelFactory(domainSocket);
    }

    @Override
    public void configure(DatagramChannel channel, DatagramSocketOptions options) {
        vertx.configure(channel, options);
    }

    @Override
    public void configure(ClientOptionsBase options, boolean domainSocket, Bootstrap bootstrap) {
        vertx.configure(options, domainSocket, bootstrap);
    }
}
