/* Every command's entry point; one cmd-NAME.c file each. */
#ifndef FC_CLI_COMMANDS_H
#define FC_CLI_COMMANDS_H

#include "cli/cli.h"

#define CMD(name) int cmd_##name(struct cli *cli, int argc, char **argv)
CMD(help); CMD(init); CMD(migrate); CMD(backup); CMD(user); CMD(account);
CMD(contact); CMD(deal); CMD(log); CMD(next); CMD(want); CMD(offering);
CMD(fit); CMD(check); CMD(referral); CMD(agenda); CMD(pipeline);
CMD(process); CMD(demo); CMD(serve); CMD(token); CMD(report);
CMD(import); CMD(export);
#undef CMD

#endif
