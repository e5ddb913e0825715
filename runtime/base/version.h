/* version.h - mrb's version, and where it is documented.
 *
 * MRB_VERSION is printed by `mrb --version`, stamped into the JSON plan
 * (`mrb_version`) and SARIF logs, and read by the Makefile for `make dist`.
 */
#ifndef MRB_VERSION_H
#define MRB_VERSION_H

#define MRB_VERSION "0.1.0"
/* Where the tool is documented (SARIF's informationUri): set it when
 * building a release, e.g. make CFLAGS='-O2 -DMRB_HOME=\"https://...\"';
 * empty, SARIF logs carry no informationUri. */
#ifndef MRB_HOME
#define MRB_HOME ""
#endif

#endif
