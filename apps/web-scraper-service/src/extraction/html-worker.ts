// Entry point of the extraction worker threads (see HtmlExtractor).
import { runHtmlTask } from './html-task';

export default runHtmlTask;
