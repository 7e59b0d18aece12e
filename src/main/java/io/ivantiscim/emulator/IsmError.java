package io.ivantiscim.emulator;

import java.util.List;

/**
 * An Ivanti error answer, written as {@code {"code","description","message":[…],"help":""}} (row 25,
 * {@code docs/ivanti-api.md} §4.2). Thrown inside the emulator and written by {@link Replies#error}; never leaves the
 * package.
 */
final class IsmError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    final String code;
    final String description;
    final List<String> messages;

    IsmError(int status, String code, String description, List<String> messages) {
        super(code + " " + messages, null, false, false);
        this.status = status;
        this.code = code;
        this.description = description;
        this.messages = List.copyOf(messages);
    }

    /** 400 ISM_4000 "Invalid Request Payload" (create/update/key errors, docs/ivanti-api.md §4.1). */
    static IsmError payload(String... messages) {
        return new IsmError(400, "ISM_4000", "Invalid Request Payload", List.of(messages));
    }

    static IsmError payload(List<String> messages) {
        return new IsmError(400, "ISM_4000", "Invalid Request Payload", messages);
    }

    /** 400 ISM_4000 "Bad Request". */
    static IsmError badRequest(String... messages) {
        return new IsmError(400, "ISM_4000", "Bad Request", List.of(messages));
    }

    /** Row 13 / D-select: any filter Ivanti cannot read. */
    static IsmError invalidFilter() {
        return badRequest("Invalid Filter Value. Provide a valid Filter value and try again");
    }

    /** 404 ISM_4004 (row 7, row 24). */
    static IsmError notFound(String message) {
        return new IsmError(404, "ISM_4004", "Not Found", List.of(message));
    }

    /** 500 ISM_5000 (empty {@code $select}/{@code $orderby}, row 14/15). */
    static IsmError server(String message) {
        return new IsmError(500, "ISM_5000", "Invalid Request", List.of(message));
    }

    /** 401 ISM_4001 (row 6). */
    static IsmError unauthorized(String message) {
        return new IsmError(401, "ISM_4001", "Invalid session key or session timed out", List.of(message));
    }

    static IsmError recordNotFound(String id, BoType type) {
        return payload("Record '" + id + "' cannot be found in the business object '" + type.boName + "'");
    }
}
