import './telemetry';
import { runService } from '@emm/platform';
import { AppModule } from './app.module';
import { appConfigSchema, SERVICE_NAME } from './config';

void runService({ service: SERVICE_NAME, configSchema: appConfigSchema, module: (config) => AppModule.forRoot(config) });
