/* A listening address: an IPv4 or IPv6 literal and a port, as a socket
 * address for MHD_OPTION_SOCK_ADDR (shared by the API's listener and the
 * metrics listener). */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <string.h>

#include "http/internal.h"
#include "util/banned.h"

int http_sockaddr(const char *addr, unsigned port, struct sockaddr_storage *ss,
		  unsigned *mhd_flags, struct fc_error *err)
{
	memset(ss, 0, sizeof(*ss));
	if (port > 65535)
		return fc_fail(err, FC_EUSAGE, "listen", "port %u is out of range",
			       port);
	if (strchr(addr, ':')) {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, addr, &a6->sin6_addr) != 1)
			return fc_fail(err, FC_EUSAGE, "listen",
				       "'%s' is not an IP address", addr);
		*mhd_flags |= MHD_USE_IPv6;
		return 0;
	}
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	a4->sin_family = AF_INET;
	a4->sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, addr, &a4->sin_addr) != 1)
		return fc_fail(err, FC_EUSAGE, "listen", "'%s' is not an IP address",
			       addr);
	return 0;
}
