package org.auditml.server;

import io.javalin.http.Context;
import org.auditml.engine.calendar.Calendar;
import org.auditml.engine.calendar.CalendarParser;
import org.auditml.service.RequestException;

import java.util.List;

/** {@code _ml/calendars}: calendars of jobs and their scheduled events (maintenance windows). */
final class CalendarRoutes {
    private static final String CALENDARS = "/_ml/calendars";
    private static final String CALENDAR = CALENDARS + "/{calendar_id}";

    private CalendarRoutes() {
    }

    static void add(Routes r) {
        r.getOrPost(CALENDARS, "Every calendar", (ctx, s) -> calendars(s.calendars(), ctx));
        r.put(CALENDAR, "Makes a calendar", (ctx, s) -> s.putCalendar(CalendarParser.calendar(ctx.body(), id(ctx)).calendar()));
        r.getOrPost(CALENDAR, "Calendars by id ('_all': every one)", (ctx, s) -> {
            String id = id(ctx);
            if (id.equals("_all") || id.equals("*")) {
                return calendars(s.calendars(), ctx);
            }
            Calendar calendar = s.calendar(id).orElseThrow(() -> new RequestException(RequestException.Kind.NOT_FOUND,
                    "No calendar with id [" + id + "]"));
            return calendars(List.of(calendar), ctx);
        });
        r.delete(CALENDAR, "Deletes a calendar and its events", (ctx, s) -> {
            s.deleteCalendar(id(ctx));
            return Acknowledged.TRUE;
        });
        r.put(CALENDAR + "/jobs/{job_id}", "Adds jobs or groups to a calendar",
                (ctx, s) -> s.addCalendarJob(id(ctx), ctx.pathParam("job_id")));
        r.delete(CALENDAR + "/jobs/{job_id}", "Removes jobs or groups from a calendar",
                (ctx, s) -> s.removeCalendarJob(id(ctx), ctx.pathParam("job_id")));
        r.post(CALENDAR + "/events", "Adds scheduled events",
                (ctx, s) -> Json.object().set("events", Json.pojos(s.postCalendarEvents(id(ctx),
                        CalendarParser.events(ctx.body(), id(ctx))))));
        r.get(CALENDAR + "/events", "Scheduled events of a calendar ('_all': of every one)", (ctx, s) -> {
            Params p = Params.queryAndBody(ctx);
            var events = s.calendarEvents(id(ctx), p.instant("start"), p.instant("end"), p.text("job_id"));
            return Json.object().put("count", events.size()).set("events", Json.pojos(events));
        });
        r.delete(CALENDAR + "/events/{event_id}", "Deletes a scheduled event", (ctx, s) -> {
            s.deleteCalendarEvent(id(ctx), ctx.pathParam("event_id"));
            return Acknowledged.TRUE;
        });
    }

    private static Object calendars(List<Calendar> calendars, Context ctx) {
        return Json.object().put("count", calendars.size()).set("calendars", Json.pojos(calendars));
    }

    private static String id(Context ctx) {
        return ctx.pathParam("calendar_id");
    }
}
