import { google } from '../../../../../cli/provider-commands.js'

export default google.AccountGet
