package dev.switchboard.plan;

import java.util.List;

/** A plan, or the reasons none can be made without touching what switchboard does not own. */
public sealed interface PlanResult {

    record Planned(Plan plan) implements PlanResult {}

    /** Nothing may be changed: each reason names the interface or route and what to do. */
    record Refused(List<String> reasons) implements PlanResult {
        public Refused {
            reasons = List.copyOf(reasons);
        }
    }
}
