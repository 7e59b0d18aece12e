package io.ivantiscim.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Tells a connection's {@link RequestHeadDeadline} that a request's head arrived (the router only sees parsed heads)
 * and when its answer ended, on the SCIM port (with the emulator and health) and on the management port.
 */
@ApplicationScoped
class HeadDeadlineRoutes {

    void main(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(HeadDeadlineRoutes::track);
    }

    void management(@Observes ManagementInterface management) {
        management.router().route().order(Integer.MIN_VALUE).handler(HeadDeadlineRoutes::track);
    }

    private static void track(RoutingContext rc) {
        HttpConnection connection = rc.request().connection();
        // Vert.x's HTTP/1 and HTTP/2 server connections are ConnectionBase, the public type holding their channel.
        RequestHeadDeadline deadline = connection instanceof ConnectionBase base
                ? base.channel().pipeline().get(RequestHeadDeadline.class)
                : null;
        if (deadline != null && rc.request().version() == HttpVersion.HTTP_2) {
            deadline.http2();
        } else if (deadline != null) {
            deadline.requestArrived();
            rc.addEndHandler(ended -> deadline.answered());
        }
        rc.next();
    }
}
