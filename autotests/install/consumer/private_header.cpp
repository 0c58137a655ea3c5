// Must not compile: a user of BiMuxQt::BiMuxQt cannot reach the private headers.
#include "qbimuxer_p.h"
