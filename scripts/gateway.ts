import apiDocs from '../functions/api-docs/function';
import { httpFunctions } from '../functions';
import { createApp } from '../shared/http/app';
import { opsFunction } from '../shared/http/ops';
import { setProcessName } from '../shared/runtime/identity';
import { listen } from '../shared/runtime/lifecycle';
import { createNodeServer } from '../shared/runtime/node-server';

/** Local gateway: every HTTP function of Brisk in one process on one port, as the cluster's routes expose them. */
setProcessName('gateway');
void listen(createNodeServer(createApp([...httpFunctions, apiDocs, opsFunction])));
