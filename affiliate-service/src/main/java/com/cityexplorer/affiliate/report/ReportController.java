package com.cityexplorer.affiliate.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

import com.cityexplorer.affiliate.AffiliateSettings;
import com.cityexplorer.affiliate.partner.Partners;
import com.cityexplorer.platform.jobs.Job;
import com.cityexplorer.platform.jobs.JobPriority;
import com.cityexplorer.platform.jobs.JobQueue;
import com.cityexplorer.platform.security.Caller;
import com.cityexplorer.platform.web.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reports: a partner gets its own, an administrator anyone's or everyone's. Ranges up to
 * {@code reportDays} are answered at once; longer ones run as jobs whose status only their submitter sees.
 */
@RestController
@RequestMapping(path = "/api/v1/affiliate/reports", produces = "application/json")
class ReportController {

    private final Reports reports;
    private final Partners partners;
    private final JobQueue jobs;
    /** Reads stored job results with decimals as they were written (a double would turn 10.00 EUR into 10.0). */
    private final ObjectReader results;
    private final AffiliateSettings settings;

    ReportController(Reports reports, Partners partners, JobQueue jobs, JsonMapper json, AffiliateSettings settings) {
        this.reports = reports;
        this.partners = partners;
        this.jobs = jobs;
        this.results = json.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        this.settings = settings;
    }

    @GetMapping
    Report report(Caller caller, @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) @Pattern(regexp = "[A-Za-z0-9-]{1,64}", message = "is not a partner id") String partnerId) {
        checkRange(from, to, settings.reportDays(), "; ask for a report job (POST /api/v1/affiliate/reports/jobs) instead");
        return reports.build(scope(caller, partnerId), from, to);
    }

    @PostMapping(path = "/jobs", consumes = "application/json")
    ResponseEntity<JobView> submit(Caller caller, @Valid @RequestBody ReportRequest request) {
        checkRange(request.from(), request.to(), settings.jobReportDays(), "");
        ReportRequest scoped = new ReportRequest(request.from(), request.to(), scope(caller, request.partnerId()));
        Job job = jobs.submit(ReportJobs.TYPE, scoped, JobPriority.NORMAL, caller.userId());
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(java.net.URI.create("/api/v1/affiliate/reports/jobs/" + job.id()))
            .body(view(job));
    }

    @GetMapping("/jobs/{id}")
    JobView job(Caller caller, @PathVariable @Pattern(regexp = "[0-9a-f-]{36}", message = "is not a job id") String id) {
        // Someone else's job does not exist for the caller (404, not 403): job ids do not leak.
        return jobs.find(id).filter(job -> ReportJobs.TYPE.equals(job.type()) && caller.userId().equals(job.ownerId())).map(this::view)
            .orElseThrow(() -> Partners.problem(HttpStatus.NOT_FOUND, "No such report job."));
    }

    record JobView(String id, String status, JsonNode result, String reason, Instant createdAt, Instant finishedAt) {
    }

    private JobView view(Job job) {
        return new JobView(job.id(), job.status().name().toLowerCase(Locale.ROOT), job.result() == null ? null : results.readTree(job.result()),
                job.reason(), job.createdAt(), job.finishedAt());
    }

    /** Whose data the caller may see: an administrator's choice (null: everyone's), a partner's own. */
    private String scope(Caller caller, String partnerId) {
        if (caller.isAdmin()) {
            return partnerId;
        }
        String own = partners.ofCaller(caller.userId()).id();
        if (partnerId != null && !partnerId.equals(own)) {
            throw Partners.problem(HttpStatus.FORBIDDEN, "A partner sees only its own report.");
        }
        return own;
    }

    private static void checkRange(LocalDate from, LocalDate to, int maxDays, String hint) {
        if (to.isBefore(from)) {
            throw invalid("to", "must not be before from");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > maxDays) {
            throw invalid("to", "is more than " + maxDays + " days after from" + hint);
        }
    }

    private static ErrorResponseException invalid(String field, String message) {
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, Problems.validation(List.of(new Problems.FieldError(field, message)),
                null, null), null);
    }
}
