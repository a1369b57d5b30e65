// Imported first by every entry point, before anything loads botbuilder (see nativeAsync.ts).
import { installNativeAsync } from './nativeAsync';

installNativeAsync();
