package com.cityexplorer.platform.jobs;

/** Critical jobs have their own topic and workers, so they never wait behind a backlog of normal ones. */
public enum JobPriority {
    CRITICAL, NORMAL
}
