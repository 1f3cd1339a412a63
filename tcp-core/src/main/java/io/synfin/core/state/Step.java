package io.synfin.core.state;

import java.util.List;

/**
 * What one input (segment, timer, end of input) caused: the events in order, the single next deadline
 * the caller must arm for this key ({@link #NO_DEADLINE} when none), and whether nothing remains.
 */
public record Step(List<TrackerEvent> events, long nextDeadline, boolean finished) {

    /** No timer pending: the key holds no state. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    /** The events list is not copied: the tracker hands over a fresh list (or an empty one) each time. */
    public Step {
        events = events == null ? List.of() : events;
    }

    /** The events of one type, in order. */
    public <T extends TrackerEvent> List<T> eventsOf(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
