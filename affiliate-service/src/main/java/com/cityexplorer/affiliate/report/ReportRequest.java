package com.cityexplorer.affiliate.report;

import java.time.LocalDate;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** The body of a report job: the date range, and for an administrator optionally one partner. */
record ReportRequest(@NotNull LocalDate from, @NotNull LocalDate to,
        @Pattern(regexp = "[A-Za-z0-9-]{1,64}", message = "is not a partner id") String partnerId) {
}
