package io.synfin.core.anomaly;

/** How much an anomaly matters to an operator, lowest first. */
public enum Severity {
    INFO,
    LOW,
    MEDIUM,
    HIGH
}
