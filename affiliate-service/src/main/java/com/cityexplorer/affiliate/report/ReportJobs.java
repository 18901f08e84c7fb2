package com.cityexplorer.affiliate.report;

import com.cityexplorer.platform.jobs.JobHandler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/** Builds a report on the platform's job processor, for date ranges too long to answer at once. */
@Component
class ReportJobs implements JobHandler {

    static final String TYPE = "affiliate-report";

    private final Reports reports;
    private final JsonMapper json;

    ReportJobs(Reports reports, JsonMapper json) {
        this.reports = reports;
        this.json = json;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Object run(JsonNode payload) {
        ReportRequest request = json.treeToValue(payload, ReportRequest.class);
        return reports.build(request.partnerId(), request.from(), request.to());
    }
}
