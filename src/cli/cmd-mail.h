/* The subcommands of `fulcrum mail` that live beside cmd-mail.c: sending
 * from a deal or contact, and the templates (cmd-mail-compose.c). */
#ifndef FC_CLI_CMD_MAIL_H
#define FC_CLI_CMD_MAIL_H

#include "cli/cli.h"

extern const struct opt_spec mail_send_specs[];
extern const struct opt_spec mail_template_specs[];
int mail_cmd_send(struct cli *cli, const char *sub, const struct opts *o);
int mail_cmd_template(struct cli *cli, const char *sub, const struct opts *o);

#endif
