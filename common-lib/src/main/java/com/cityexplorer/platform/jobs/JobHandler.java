package com.cityexplorer.platform.jobs;

import tools.jackson.databind.JsonNode;

/** Runs one type of background job. A bean per type; a failure is retried with back-off, then recorded. */
public interface JobHandler {

    String type();

    /** Does the work and returns its result (anything that serialises to JSON), or throws. */
    Object run(JsonNode payload) throws Exception;
}
