/*
 * Sealed parts: confidential content (a complaint reporter's identity, a
 * personnel deliberation before publication) that must never be published
 * yet must be provably unaltered. Its event's public payload carries only
 * "sealed_digest" = base64(SHA-256(salt || canonical JSON of the sealed
 * part)); the 32-byte random salt and the sealed part stay in the store,
 * readable only by the roles that may. Publishing it later is a new event,
 * "sealed_publication.created" {"id": the sealed event's seq, "salt",
 * "content"}, whose content matches the earlier digest.
 * See docs/events.md.
 */
#ifndef PROBITY_SEALED_H
#define PROBITY_SEALED_H

#include "core/salted.h"
#include "record/command.h"
#include "record/entity.h"

#define SEALED_SALT_SIZE SALTED_SALT_SIZE

/* The projection of publications (table sealed_publications). */
extern const struct entity sealed_publication_entity;

/*
 * Records an event of type with payload (borrowed; a copy is given
 * "sealed_digest") and keeps sealed (borrowed) as its sealed part. Inside
 * the caller's write transaction. The query tables are changed by the
 * payload merged with the sealed part (its keys added), so they may hold
 * confidential columns; `probity rebuild` merges the same way. ERR_INVALID when payload already has
 * a "sealed_digest" or sealed is not an object; as event_record otherwise.
 */
MUST_CHECK enum err_code sealed_record(struct store_conn *c,
                                       const struct actor *who,
                                       const char *township,
                                       const char *type,
                                       const json_t *payload,
                                       const json_t *sealed,
                                       struct event_ref *ref,
                                       struct err *err);
/*
 * The sealed part of event seq, for who (policy sealed.read in the event's
 * township): a new {"seq","digest","salt","content"}. ERR_NOT_FOUND when
 * the event has none; ERR_FORBIDDEN/ERR_UNAUTHENTICATED per the policy.
 */
MUST_CHECK enum err_code sealed_read(
    struct store_conn *c, const struct actor *who, int64_t seq, json_t **out, struct err *err);
/*
 * Publishes the sealed part of event seq (policy sealed.publish): records
 * "sealed_publication.created" {"id","salt","content"} after checking that the
 * content still matches the digest in the event. ERR_CONFLICT when it was
 * published already; ERR_INTEGRITY when the stored part does not match.
 * *result is {"item","event"}. Body {}: nothing else.
 */
extern const struct command sealed_publish_command;
/* The projection of publications (table publications; its parts are rows
 * of sealed_publications). */
extern const struct entity publication_entity;
/*
 * Publishes the sealed parts of the events seqs (an array of log indexes)
 * together, as the procedure of record subject (its entity's name and id)
 * does, in the caller's write transaction: records "publication.created"
 * {"id","township_id","subject_entity","subject_id","published","parts":
 * [{"id": seq,"salt","content"}]} after checking each part against its
 * digest, in as many records as the parts need to keep each within an
 * event's size. Parts published already are left out; no seqs, no
 * record. who was allowed the command that publishes (the policy of
 * sealed.publish is not asked).
 */
MUST_CHECK enum err_code sealed_publish(struct store_conn *c,
                                        const struct actor *who,
                                        const char *township,
                                        const char *subject_entity,
                                        int64_t subject_id,
                                        const char *now,
                                        const json_t *seqs,
                                        struct err *err);

#endif
