// SPDX-FileCopyrightText: 2026 The BiMuxQt authors
// SPDX-License-Identifier: BSD-3-Clause

#ifndef CHILDRUN_H
#define CHILDRUN_H

#include "shapes.h"

// One run in a client process of its own (--fresh-clients). A client process can keep a
// slow or fast mode for its whole life (docs/performance.md, "Method"), so that the runs
// of one process share their mode; a fresh process per run makes their median a median
// over processes too.
//
// The parent starts `bimuxqt-bench --measure <shape id> --measure-impl mux|raw` with the
// same run options; the child runs the shape once and prints one line,
// "MEASUREMENT <json>", on stdout.

// Parent side. `baseline` runs the shape without its variant (observer, then(context)).
Measurement runShapeInChild(const Shape &shape, Impl impl, bool baseline,
                            const RunOptions &options);

// Child side: the process's whole job. Returns the exit code.
int runMeasurementChild(const QString &shapeId, Impl impl, bool baseline,
                        const RunOptions &options);

#endif // CHILDRUN_H
