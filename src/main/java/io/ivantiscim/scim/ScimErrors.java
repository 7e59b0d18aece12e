package io.ivantiscim.scim;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.ErrorResponse;

import io.ivantiscim.provisioning.RetryableScimException;

/**
 * The one family of exception mappers: every error under {@code /scim/v2} leaves as a SCIM error body (RFC 7644
 * §3.12) with {@code status} as a string, the right {@code scimType}, and a {@code detail} a human can act on. 4xx are
 * logged at debug, 5xx at warn with a correlation id; a 500 never carries an exception's text.
 */
public class ScimErrors {

    private static final Logger LOG = Logger.getLogger(ScimErrors.class);

    /** Builds a SCIM error response. */
    public static Response response(int status, String scimType, String detail) {
        ErrorResponse body = new ErrorResponse(status);
        body.setScimType(scimType);
        body.setDetail(detail);
        return Response.status(status).type(ScimJson.MEDIA_TYPE).entity(body).build();
    }

    /** Builds the response for a {@link ScimException}, keeping any headers it asks for. */
    public static Response response(ScimException e) {
        ErrorResponse body = e.getScimError();
        Response.ResponseBuilder builder = Response.status(body.getStatus()).type(ScimJson.MEDIA_TYPE).entity(body);
        if (e instanceof RetryableScimException r && r.retryAfterSeconds() > 0) {
            builder.header(HttpHeaders.RETRY_AFTER, r.retryAfterSeconds());
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response scim(ScimException e) {
        int status = e.getScimError().getStatus();
        if (status >= 500) {
            LOG.warnf("SCIM %d: %s", status, e.getScimError().getDetail());
        } else {
            LOG.debugf("SCIM %d %s: %s", status, e.getScimError().getScimType(), e.getScimError().getDetail());
        }
        return response(e);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return response(404, null,
                "No such SCIM endpoint. Resources live under /scim/v2/Users and /scim/v2/Groups; discovery under "
                        + "/scim/v2/ServiceProviderConfig, /scim/v2/Schemas and /scim/v2/ResourceTypes.");
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        Response r = response(405, null, "This HTTP method is not supported on this SCIM endpoint.");
        return Response.fromResponse(r).allow(e.getResponse().getAllowedMethods()).build();
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e) {
        return response(415, null, "Send the body as application/scim+json or application/json.");
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        return response(status, status == 400 ? BadRequestException.INVALID_SYNTAX : null,
                "The request was rejected: HTTP " + status + " " + e.getResponse().getStatusInfo().getReasonPhrase()
                        + ".");
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        String correlationId = RequestIds.current();
        LOG.errorf(e, "Unexpected error, correlation id %s", correlationId);
        return response(500, null, "Internal error in the bridge; correlation id " + correlationId
                + " (the bridge log has the details).");
    }
}
