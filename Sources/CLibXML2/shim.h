#ifndef FEEDWATCH_CLIBXML2_SHIM_H
#define FEEDWATCH_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
// Foundation and libxml2's ICU headers define UErrorCode differently; keep ICU out.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/entities.h>
#include <stdlib.h>
#include <string.h>

// `xmlFree` is a C global function pointer, which Swift 6 rejects as not concurrency-safe.
static inline void feedwatch_xmlFree(void *pointer) { xmlFree(pointer); }

// A predefined-style entity whose replacement text is `content`. libxml2 copies the content
// of such an entity into the text as characters and never expands or frees it, so a
// `getEntity` callback can hand it out for HTML named entities and for undeclared names.
static inline xmlEntityPtr feedwatch_makeTextEntity(const char *name, const char *content) {
    xmlEntityPtr entity = (xmlEntityPtr)calloc(1, sizeof(xmlEntity));
    if (entity == NULL) return NULL;
    entity->type = XML_ENTITY_DECL;
    entity->etype = XML_INTERNAL_PREDEFINED_ENTITY;
    entity->name = (const xmlChar *)strdup(name);
    entity->content = (xmlChar *)strdup(content);
    entity->orig = NULL;
    entity->length = (int)strlen(content);
    return entity;
}

static inline void feedwatch_freeTextEntity(xmlEntityPtr entity) {
    if (entity == NULL) return;
    free((void *)entity->name);
    free(entity->content);
    free(entity);
}
#endif
