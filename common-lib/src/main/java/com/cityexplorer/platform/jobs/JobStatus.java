package com.cityexplorer.platform.jobs;

public enum JobStatus {
    QUEUED, RUNNING, DONE, FAILED
}
