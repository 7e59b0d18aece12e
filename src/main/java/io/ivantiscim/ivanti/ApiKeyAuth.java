package io.ivantiscim.ivanti;

/**
 * REST API key: {@code Authorization: rest_api_key=<Reference ID>}, equals sign, no space, no scheme (docs/ivanti-api.md
 * row 4). Keys do not expire, so a 401 is final.
 */
final class ApiKeyAuth implements IvantiAuth {

    private final String header;

    ApiKeyAuth(String key, String format) {
        this.header = IvantiAuth.format(format, key);
    }

    @Override
    public String header() {
        return header;
    }

    @Override
    public boolean refresh(String rejectedHeader) {
        return false;
    }

    @Override
    public String toString() {
        return "ApiKeyAuth[***]";
    }
}
