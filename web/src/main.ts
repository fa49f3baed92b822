// The playground page: register the elements; the playground starts its own
// engine worker and keeps its state in the URL hash.
import { defineElements } from './define';

defineElements();
