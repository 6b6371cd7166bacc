/* The one route table: each file in routes/ exports its slice
 * (`routes_NAME[]`, ended by ROUTE_END) and this file lists the slices.
 * Matching walks every row: a literal segment must be equal, a `{name}`
 * segment takes any non-empty segment. Adding a resource adds its slice
 * to `slices` below and its file to meson.build. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "http/http.h"
#include "http/routes/routes.h"
#include "util/xmalloc.h"
#include "util/banned.h"

static const struct route *const slices[] = {
	routes_health,
	routes_auth,
	routes_tokens,
	routes_webhooks,
	routes_accounts,
	routes_contacts,
	routes_timeline,
	routes_merges,
	routes_deals,
	routes_wants,
	routes_line_items,
	routes_proposals,
	routes_offerings,
	routes_fits,
	routes_interactions,
	routes_next_steps,
	routes_checks,
	routes_referrals,
	routes_asks,
	routes_board,
	routes_users,
	routes_processes,
	routes_rates,
	routes_mail,
	routes_mail_compose,
	routes_fields,
	routes_agenda,
	routes_reports,
	routes_import_export,
	routes_calendar,
	routes_verify,
	routes_search,
	routes_duplicates,
	routes_forms,
	routes_openapi,
};

static const struct route **flat;
static int nflat;
static pthread_once_t flat_once = PTHREAD_ONCE_INIT;

static void flat_build(void)
{
	int n = 0, k = 0;
	for (size_t i = 0; i < ARRAY_SIZE(slices); i++)
		for (const struct route *r = slices[i]; r->method; r++)
			n++;
	flat = xcalloc((size_t)n + 1, sizeof(*flat));
	for (size_t i = 0; i < ARRAY_SIZE(slices); i++)
		for (const struct route *r = slices[i]; r->method; r++)
			flat[k++] = r;
	nflat = n;
}

int router_count(void)
{
	pthread_once(&flat_once, flat_build);
	return nflat;
}

const struct route *router_at(int index)
{
	pthread_once(&flat_once, flat_build);
	return index >= 0 && index < nflat ? flat[index] : NULL;
}

const struct entity *router_entity(const struct route *rt)
{
	static const char prefix[] = "/api/v1/";
	const char *p = rt->pattern;
	char seg[64];
	size_t n;
	if (strncmp(p, prefix, sizeof(prefix) - 1))
		return NULL;
	p += sizeof(prefix) - 1;
	n = strcspn(p, "/");
	if (n >= sizeof(seg))
		return NULL;
	memcpy(seg, p, n);
	seg[n] = '\0';
	return entity_find(seg);
}

/* Whether PATH fits PATTERN; fills the parameters of M. */
static int path_fits(const char *pattern, const char *path,
		     struct route_match *m)
{
	const char *p = pattern, *s = path;
	m->nparams = 0;
	while (*p && *s) {
		if (*p != '/' || *s != '/')
			return 0;
		p++;
		s++;
		size_t plen = p[0] == '{' ? strcspn(p, "/") : 0;
		if (plen > 2 && p[plen - 1] == '}') {
			size_t slen = strcspn(s, "/");
			if (slen == 0 || m->nparams >= REQ_MAX_PARAMS)
				return 0;
			m->names[m->nparams] = p + 1;	/* ends at '}' */
			m->starts[m->nparams] = s;
			m->lens[m->nparams] = slen;
			m->nparams++;
			p += plen;
			s += slen;
			continue;
		}
		/* a literal segment, compared as it is walked: every request
		 * tries the patterns in turn, and most differ early */
		while (*p && *p != '/' && *p == *s) {
			p++;
			s++;
		}
		if ((*p && *p != '/') || (*s && *s != '/'))
			return 0;
	}
	return *p == '\0' && *s == '\0';
}

int router_match(const char *method, const char *path, struct route_match *m)
{
	struct route_match probe;
	size_t alen = 0;
	const char *want = strcmp(method, "HEAD") ? method : "GET";

	memset(m, 0, sizeof(*m));
	m->index = -1;
	m->status = 404;
	router_count();
	for (int i = 0; i < nflat; i++) {
		if (!path_fits(flat[i]->pattern, path, &probe))
			continue;
		if (!strcmp(flat[i]->method, want)) {
			probe.route = flat[i];
			probe.index = i;
			probe.status = 0;
			probe.allow[0] = '\0';
			*m = probe;
			return 0;
		}
		/* Same path, other method: remember it for Allow. */
		if (!strstr(m->allow, flat[i]->method) &&
		    alen + strlen(flat[i]->method) + 3 < sizeof(m->allow)) {
			alen += (size_t)snprintf(m->allow + alen,
						 sizeof(m->allow) - alen, "%s%s",
						 alen ? ", " : "",
						 flat[i]->method);
			m->status = 405;
		}
	}
	if (m->status == 405 && strstr(m->allow, "GET") && !strstr(m->allow, "HEAD"))
		snprintf(m->allow + alen, sizeof(m->allow) - alen, ", HEAD");
	return m->status;
}
