/* Every command's entry point, in cmd-NOUN.c, NOUN being the feature's noun
 * in core/ and routes/ too (`fulcrum log` is cmd-interaction.c, `fulcrum
 * next` cmd-next-step.c). */
#ifndef FC_CLI_COMMANDS_H
#define FC_CLI_COMMANDS_H

#include "cli/cli.h"

#define CMD(name) int cmd_##name(struct cli *cli, int argc, char **argv)
CMD(help); CMD(init); CMD(migrate); CMD(backup); CMD(interaction); CMD(agenda);
CMD(pipeline); CMD(demo); CMD(serve); CMD(verify);
CMD(search);
#undef CMD

/* The subcommand tables of the commands that have subcommands. */
#define SUBS(name) extern const struct subcmd name##_subcmds[]
SUBS(deal); SUBS(user); SUBS(account); SUBS(contact); SUBS(next_step);
SUBS(want); SUBS(line_item); SUBS(proposal); SUBS(offering); SUBS(fit); SUBS(check); SUBS(referral);
SUBS(merge);
SUBS(process); SUBS(token); SUBS(report);
SUBS(import); SUBS(export); SUBS(rate); SUBS(promise); SUBS(field);
SUBS(duplicates); SUBS(webhook); SUBS(form); SUBS(mail);
#undef SUBS
/* fulcrum import rates FILE (cmd-rate.c), a row of import_subcmds. */
int cmd_import_rates(struct cli *cli, const char *sub, const struct opts *o);
/* fulcrum mail mailbox and mail fetch (cmd-mailbox.c), rows of
 * mail_subcmds. */
int mail_mailbox_cmd(struct cli *cli, const char *sub, const struct opts *o);
int mail_fetch_cmd(struct cli *cli, const char *sub, const struct opts *o);
extern const struct opt_spec mail_mailbox_specs[], mail_fetch_specs[];

#endif
