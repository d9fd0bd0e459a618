/*
 * The security log's lines. See seclog.h.
 */
#include "core/seclog.h"

#include "core/utc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

void seclog(const char *event, json_t *fields)
{
    char now[UTC_TEXT_MAX];
    utc_format(utc_now_ms(), now);
    json_t *line = json_pack("{ss, ss, ss}", "time", now, "log", "security", "event", event);
    if (fields != NULL) {
        json_object_update_missing(line, fields);
        json_decref(fields);
    }
    char *text = json_dumps(line, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(line);
    if (text == NULL) {
        return;
    }
    pthread_mutex_lock(&lock);
    fputs(text, stderr);
    fputc('\n', stderr);
    fflush(stderr);
    pthread_mutex_unlock(&lock);
    free(text);
}
