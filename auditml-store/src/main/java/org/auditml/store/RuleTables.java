package org.auditml.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.engine.calendar.Calendar;
import org.auditml.engine.calendar.ScheduledEvent;
import org.auditml.engine.rule.Filter;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The store's filters, calendars and scheduled events, each kept as Elastic's JSON beside the columns it is looked up
 * by. A change that touches several rows (a calendar with its events) is committed whole.
 */
public final class RuleTables {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    static final String[] SCHEMA = {
            "CREATE TABLE IF NOT EXISTS filters (filter_id VARCHAR PRIMARY KEY, config VARCHAR NOT NULL)",
            "CREATE TABLE IF NOT EXISTS calendars (calendar_id VARCHAR PRIMARY KEY, config VARCHAR NOT NULL)",
            "CREATE TABLE IF NOT EXISTS calendar_events (event_id VARCHAR PRIMARY KEY, calendar_id VARCHAR NOT NULL, "
                    + "start_time BIGINT NOT NULL, end_time BIGINT NOT NULL, config VARCHAR NOT NULL)",
    };

    private final Connection connection;
    private final Path file;

    RuleTables(Connection connection, Path file) {
        this.connection = connection;
        this.file = file;
    }

    /** Saves a filter, replacing one of the same id. */
    public void putFilter(Filter filter) {
        inTransaction("saving filter [" + filter.filterId() + "]", () -> upsert(
                "INSERT OR REPLACE INTO filters VALUES (?, ?)", filter.filterId(), json(filter)));
    }

    public Optional<Filter> filter(String id) {
        List<Filter> found = read("SELECT config FROM filters WHERE filter_id = ?", Filter.class, id);
        return found.stream().findFirst();
    }

    /** Every filter, by id. */
    public List<Filter> filters() {
        return read("SELECT config FROM filters ORDER BY filter_id", Filter.class);
    }

    public void deleteFilter(String id) {
        inTransaction("deleting filter [" + id + "]", () -> upsert("DELETE FROM filters WHERE filter_id = ?", id));
    }

    /** Saves a calendar, replacing one of the same id (its events stay). */
    public void putCalendar(Calendar calendar) {
        inTransaction("saving calendar [" + calendar.calendarId() + "]", () -> upsert(
                "INSERT OR REPLACE INTO calendars VALUES (?, ?)", calendar.calendarId(), json(calendar)));
    }

    /** Saves a calendar with exactly these events, replacing the calendar and every event it had. */
    public void replaceCalendar(Calendar calendar, List<ScheduledEvent> events) {
        inTransaction("saving calendar [" + calendar.calendarId() + "]", () -> {
            upsert("DELETE FROM calendar_events WHERE calendar_id = ?", calendar.calendarId());
            upsert("INSERT OR REPLACE INTO calendars VALUES (?, ?)", calendar.calendarId(), json(calendar));
            insertEvents(events);
        });
    }

    public Optional<Calendar> calendar(String id) {
        return read("SELECT config FROM calendars WHERE calendar_id = ?", Calendar.class, id).stream().findFirst();
    }

    /** Every calendar, by id. */
    public List<Calendar> calendars() {
        return read("SELECT config FROM calendars ORDER BY calendar_id", Calendar.class);
    }

    /** Deletes a calendar and its events together. */
    public void deleteCalendar(String id) {
        inTransaction("deleting calendar [" + id + "]", () -> {
            upsert("DELETE FROM calendar_events WHERE calendar_id = ?", id);
            upsert("DELETE FROM calendars WHERE calendar_id = ?", id);
        });
    }

    /** Adds events (each with its calendar and id set), all or none. */
    public void putEvents(List<ScheduledEvent> events) {
        inTransaction("saving scheduled events", () -> insertEvents(events));
    }

    private void insertEvents(List<ScheduledEvent> events) throws SQLException {
        try (PreparedStatement u = connection.prepareStatement(
                "INSERT OR REPLACE INTO calendar_events VALUES (?, ?, ?, ?, ?)")) {
            for (ScheduledEvent e : events) {
                u.setString(1, e.eventId());
                u.setString(2, e.calendarId());
                u.setLong(3, e.startTimeMillis());
                u.setLong(4, e.endTimeMillis());
                u.setString(5, json(e));
                u.executeUpdate();
            }
        }
    }

    /** The events of a calendar (null: of every calendar), by start time then id. */
    public List<ScheduledEvent> events(String calendarId) {
        return calendarId == null
                ? read("SELECT config FROM calendar_events ORDER BY start_time, event_id", ScheduledEvent.class)
                : read("SELECT config FROM calendar_events WHERE calendar_id = ? ORDER BY start_time, event_id",
                ScheduledEvent.class, calendarId);
    }

    public Optional<ScheduledEvent> event(String eventId) {
        return read("SELECT config FROM calendar_events WHERE event_id = ?", ScheduledEvent.class, eventId).stream()
                .findFirst();
    }

    public void deleteEvent(String eventId) {
        inTransaction("deleting scheduled event [" + eventId + "]", () -> upsert(
                "DELETE FROM calendar_events WHERE event_id = ?", eventId));
    }

    private <T> List<T> read(String sql, Class<T> type, String... parameters) {
        List<T> out = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                q.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(JSON.readValue(rs.getString(1), type));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("reading " + type.getSimpleName() + "s failed: " + e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a stored " + type.getSimpleName() + " cannot be read: "
                    + e.getOriginalMessage(), e);
        }
        return out;
    }

    private void upsert(String sql, String... values) throws SQLException {
        try (PreparedStatement u = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                u.setString(i + 1, values[i]);
            }
            u.executeUpdate();
        }
    }

    private void inTransaction(String what, Transactions.Work work) {
        Transactions.run(connection, file, what, work);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
