#ifndef FEEDWATCH_CLIBXML2_SHIM_H
#define FEEDWATCH_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
// Foundation and libxml2's ICU headers define UErrorCode differently; keep ICU out.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#endif
