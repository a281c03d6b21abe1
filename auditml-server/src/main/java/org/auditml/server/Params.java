package org.auditml.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.auditml.service.RequestException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A request's parameters, from the query string or, for the calls Elastic lets take them in the body too (results,
 * datafeed start), from the body; a value that is not what the parameter takes is a 400 naming it.
 */
final class Params {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Context ctx;
    private final JsonNode body;

    private Params(Context ctx, JsonNode body) {
        this.ctx = ctx;
        this.body = body;
    }

    /** Query-string parameters only. */
    static Params query(Context ctx) {
        return new Params(ctx, JSON.createObjectNode());
    }

    /** Query-string parameters, then the body's fields (the body's {@code page} gives {@code from} and {@code size}). */
    static Params queryAndBody(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) {
            return query(ctx);
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (!node.isObject()) {
                throw new RequestException("the request body must be a JSON object");
            }
            ObjectNode flat = ((ObjectNode) node).deepCopy();
            JsonNode page = flat.remove("page");
            if (page != null) {
                page.fields().forEachRemaining(f -> flat.set(f.getKey(), f.getValue()));
            }
            return new Params(ctx, flat);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new RequestException("the request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    String text(String name) {
        String q = ctx.queryParam(name);
        if (q != null) {
            return q;
        }
        JsonNode b = body.get(name);
        return b == null || b.isNull() ? null : b.asText();
    }

    boolean bool(String name, boolean otherwise) {
        String v = text(name);
        if (v == null) {
            return otherwise;
        }
        if (v.isEmpty() || v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw new RequestException("Failed to parse value [" + v + "] as only [true] or [false] are allowed for ["
                + name + "]");
    }

    int integer(String name, int otherwise) {
        String v = text(name);
        try {
            return v == null ? otherwise : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new RequestException("Failed to parse int parameter [" + name + "] with value [" + v + "]");
        }
    }

    double number(String name, double otherwise) {
        String v = text(name);
        try {
            return v == null ? otherwise : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new RequestException("Failed to parse double parameter [" + name + "] with value [" + v + "]");
        }
    }

    /** A time as Elastic takes it: epoch milliseconds, or ISO-8601 (a date alone is its midnight UTC). */
    Long time(String name) {
        String v = text(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        return epochMillis(v, name);
    }

    Instant instant(String name) {
        Long t = time(name);
        return t == null ? null : Instant.ofEpochMilli(t);
    }

    static long epochMillis(String v, String name) {
        try {
            if (v.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(v);
            }
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            return Instant.parse(v).toEpochMilli();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new RequestException("Query param [" + name + "] with value [" + v + "] cannot be parsed as a date; "
                    + "give epoch milliseconds or ISO-8601");
        }
    }
}
