/**
 * Connections to the bridge's HTTP servers, below what Quarkus configures: the request-head deadline
 * ({@code bridge.http.header-timeout}). Vert.x has idle timeouts but no deadline for a complete request head, and
 * Quarkus hands out no connection hook (it owns {@code HttpServer.connectionHandler} for
 * {@code quarkus.http.limits.max-connections}), so {@link io.ivantiscim.http.HeadDeadlineTransport} puts a Netty
 * handler ({@link io.ivantiscim.http.RequestHeadDeadline}) in front of every accepted connection and
 * {@link io.ivantiscim.http.HeadDeadlineRoutes} tells it when a request's head has arrived and when its answer ended.
 */
package io.ivantiscim.http;
