package io.ivantiscim.scim;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.messages.ListResponse;

import io.ivantiscim.mapping.ScimMapper;

/**
 * Writes SCIM resources and list responses as one byte array handed to the connection at once. Quarkus REST's Jackson
 * writer streams through an OutputStream that a worker thread fills, flushes and closes, each step passing buffers
 * to the event loop (issue 14: {@code VertxOutputStream.write}/{@code close} were half of the response writing
 * samples). Both are written by the application's one mapper, with the bytes of the SDK's serialisation: a resource
 * is its JSON object (what {@code GenericScimObjectSerializer} writes), a list response its bean (ScimBodyWriterTest).
 */
@Provider
@Produces({ScimJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
public class ScimBodyWriter implements ServerMessageBodyWriter<Object> {

    private static final ObjectWriter WRITER = ScimMapper.MAPPER.writer();

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo target,
            MediaType mediaType) {
        return writes(type);
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return writes(type);
    }

    @Override
    public void writeResponse(Object entity, Type genericType, ServerRequestContext context) throws IOException {
        context.serverResponse().end(bytes(entity));
    }

    @Override
    public void writeTo(Object entity, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        out.write(bytes(entity));
    }

    private static boolean writes(Class<?> type) {
        return GenericScimResource.class.isAssignableFrom(type) || ListResponse.class.isAssignableFrom(type);
    }

    static byte[] bytes(Object entity) throws IOException {
        return WRITER.writeValueAsBytes(entity instanceof GenericScimResource resource
                ? resource.getObjectNode()
                : entity);
    }
}
